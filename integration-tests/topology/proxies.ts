import http from "node:http"
import type { AddressInfo } from "node:net"

/**
 * Two small HTTP middlemen on 127.0.0.1 that let the topology tests see and steer traffic
 * between real processes:
 * - a VippsTap per Medusa process: that process's VIPPS_ENVIRONMENT points at it and it
 *   forwards everything to the sandbox, so the log says WHICH process called Vipps;
 * - the WebhookRouter: the URL registered at the sandbox; it hands each signed delivery to
 *   server A, server B or both, can hold one back to release it at a chosen moment, and
 *   replays deliveries (signature intact: it is computed over the registered URL).
 */

type Received = { method: string; path: string; headers: http.IncomingHttpHeaders; body: Buffer }

function readBody(req: http.IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    req.on("data", (c: Buffer) => chunks.push(c))
    req.on("end", () => resolve(Buffer.concat(chunks)))
    req.on("error", reject)
  })
}

/** Sends a recorded request to `baseUrl` unchanged (Host header included); resolves with status and body. */
function forward(baseUrl: string, r: Received, keepHost: boolean): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }> {
  const target = new URL(baseUrl)
  const headers = { ...r.headers }
  if (!keepHost) headers.host = target.host
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: target.hostname, port: target.port, method: r.method, path: r.path, headers, agent: false },
      (res) => readBody(res).then((body) => resolve({ status: res.statusCode ?? 502, headers: res.headers, body }), reject)
    )
    req.setTimeout(30_000, () => req.destroy(new Error("timeout")))
    req.on("error", reject)
    req.end(r.body)
  })
}

async function listen(server: http.Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`
}

const close = (server: http.Server) =>
  new Promise<void>((resolve) => {
    server.closeAllConnections()
    server.close(() => resolve())
  })

/** status: the sandbox's answer; 0 when forwarding failed, -1 when swallowed. */
export type TappedCall = { seq: number; process: string; method: string; path: string; status: number }
let tappedSeq = 0 // orders the calls of all taps

/** Forwards one process's Vipps API calls to the sandbox and records them. */
export class VippsTap {
  readonly calls: TappedCall[] = []
  private server = http.createServer((req, res) => void this.handle(req, res))
  private holds: { match: (method: string, path: string) => boolean; resolve: () => void }[] = []
  url = ""

  /**
   * The next matching call is never forwarded: it hangs until its process dies (a crash after
   * Medusa recorded a movement and before Vipps received it). Resolves when the call arrived.
   */
  swallowNext(match: (method: string, path: string) => boolean): Promise<void> {
    return new Promise((resolve) => this.holds.push({ match, resolve }))
  }

  constructor(readonly processName: string, private sandboxUrl: string) {}

  async start() {
    this.url = await listen(this.server)
    return this
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse) {
    const received = { method: req.method!, path: req.url!, headers: req.headers, body: await readBody(req) }
    const hold = this.holds.find((h) => h.match(received.method, received.path))
    if (hold) {
      this.holds.splice(this.holds.indexOf(hold), 1)
      this.calls.push({ seq: ++tappedSeq, process: this.processName, method: received.method, path: received.path, status: -1 })
      return hold.resolve() // left open: closed when the calling process dies
    }
    try {
      const answer = await forward(this.sandboxUrl, received, false)
      this.calls.push({ seq: ++tappedSeq, process: this.processName, method: received.method, path: received.path, status: answer.status })
      res.writeHead(answer.status, answer.headers).end(answer.body)
    } catch (error) {
      this.calls.push({ seq: ++tappedSeq, process: this.processName, method: received.method, path: received.path, status: 0 })
      res.destroy(error as Error)
    }
  }

  stop() {
    return close(this.server)
  }
}

export type Delivery = Received & { event: { name: string; reference: string } }
export type Target = "A" | "B"
type Hold = { match: (d: Delivery) => boolean; resolve: (held: HeldDelivery) => void }
export type HeldDelivery = { delivery: Delivery; release: (target: Target) => Promise<number> }

/** The registered webhook URL: spreads the sandbox's signed deliveries over server A and B. */
export class WebhookRouter {
  /** Every delivery the sandbox made, in order. */
  readonly deliveries: Delivery[] = []
  /** Every hand-over to a server, with the server's answer. */
  readonly handed: { target: Target; event: Delivery["event"]; status: number; duplicate?: boolean }[] = []
  /** "alternate": A, B, A, … ; "both": each delivery to A and B at the same moment. */
  mode: "alternate" | "both" = "alternate"
  private next: Target = "A"
  private holds: Hold[] = []
  private server = http.createServer((req, res) => void this.handle(req, res))
  url = ""

  constructor(private servers: Record<Target, string>) {}

  async start() {
    this.url = await listen(this.server)
    return this
  }

  /** The webhook URL of provider `id` behind this router. */
  hookUrl(id = "vipps") {
    return `${this.url}/hooks/vipps/${id}`
  }

  /** Resolves with the first delivery matching `match`, held until `release` is called. */
  hold(match: (d: Delivery) => boolean): Promise<HeldDelivery> {
    return new Promise((resolve) => this.holds.push({ match, resolve }))
  }

  /** Delivers a recorded delivery again, byte for byte, to one server. */
  async replay(delivery: Delivery, target: Target) {
    return this.handTo(delivery, target)
  }

  private async handTo(delivery: Delivery, target: Target) {
    const answer = await forward(this.servers[target], delivery, true)
    let duplicate: boolean | undefined
    try {
      duplicate = JSON.parse(answer.body.toString("utf8")).duplicate
    } catch {}
    this.handed.push({ target, event: delivery.event, status: answer.status, duplicate })
    return answer
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse) {
    const body = await readBody(req)
    let event = { name: "?", reference: "?" }
    try {
      event = JSON.parse(body.toString("utf8"))
    } catch {}
    const delivery: Delivery = { method: req.method!, path: req.url!, headers: req.headers, body, event }
    this.deliveries.push(delivery)
    try {
      const hold = this.holds.find((h) => h.match(delivery))
      if (hold) {
        this.holds.splice(this.holds.indexOf(hold), 1)
        // The sandbox waits for this answer (10 s at most): the test releases it within that time.
        const status = await new Promise<number>((answered) =>
          hold.resolve({ delivery, release: (target) => this.handTo(delivery, target).then((a) => (answered(a.status), a.status)) })
        )
        res.writeHead(status).end()
        return
      }
      if (this.mode === "both") {
        const answers = await Promise.all([this.handTo(delivery, "A"), this.handTo(delivery, "B")])
        res.writeHead(answers[0].status).end()
        return
      }
      const target = this.next
      this.next = target === "A" ? "B" : "A"
      const answer = await this.handTo(delivery, target)
      res.writeHead(answer.status).end(answer.body)
    } catch (error) {
      res.destroy(error as Error)
    }
  }

  stop() {
    return close(this.server)
  }
}
