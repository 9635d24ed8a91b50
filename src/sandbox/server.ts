// HTTP server and top-level routing. Layout mirrors https://apitest.vipps.no so a client whose
// base URL is the sandbox url behaves as against the real test host:
//   /accesstoken/get, /epayment/v1/..., /webhooks/v1/..., /order-management/...
// plus /landing (fake landing page) and /_sandbox (test control API).
import http from "node:http"
import type { AddressInfo } from "node:net"
import { TokenIssuer } from "./auth"
import { SandboxClock } from "./clock"
import type { SandboxContext } from "./context"
import { handleControl } from "./control"
import { handleEpayment } from "./epayment"
import { ApiError, httpError, problemResponse, toResponse } from "./errors"
import { FaultInjector } from "./faults"
import { IdempotencyStore } from "./idempotency"
import { parseJsonBody } from "./json"
import { handleLanding } from "./landing"
import { CardPermissions } from "./card"
import { OrderManagement } from "./order-management"
import { RateLimiter } from "./rate-limit"
import { RequestLog } from "./request-log"
import { handleQr } from "./qr"
import { PaymentStore, webhookExtras } from "./state"
import { DEFAULT_MERCHANTS, type ApiResponse, type Sandbox, type SandboxOptions } from "./types"
import { WebhookDispatcher, WebhookRegistry } from "./webhooks"

const MAX_BODY_BYTES = 5 * 1024 * 1024

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    req.on("data", (c: Buffer) => {
      size += c.length
      if (size > MAX_BODY_BYTES) {
        reject(httpError(413, "Request body too large."))
        req.destroy()
        return
      }
      chunks.push(c)
    })
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")))
    req.on("error", reject)
  })
}

function write(res: http.ServerResponse, r: ApiResponse) {
  if (res.writableEnded || res.destroyed) return
  const headers: Record<string, string | number> = { ...(r.headers ?? {}) }
  let payload: string | Buffer | undefined
  if (r.body !== undefined) {
    const isText = typeof r.body === "string" && !!r.contentType && !/json/.test(r.contentType)
    payload = Buffer.isBuffer(r.body) ? r.body : isText ? (r.body as string) : JSON.stringify(r.body)
    headers["Content-Type"] = r.contentType ?? "application/json"
  }
  headers["Content-Length"] = payload ? Buffer.byteLength(payload) : 0
  res.writeHead(r.status, headers)
  res.end(payload)
}

function listeningUrl(host: string, port: number) {
  const h = host === "0.0.0.0" || host === "::" ? "127.0.0.1" : host.includes(":") ? `[${host}]` : host
  return `http://${h}:${port}`
}

function indexPage(url: string): ApiResponse {
  return {
    status: 200,
    contentType: "text/plain; charset=utf-8",
    body: `Vipps MobilePay ePayment sandbox at ${url}\n\nPOST /accesstoken/get\n/epayment/v1/payments[...]\n/webhooks/v1/webhooks\n/order-management/v2/...\n/_sandbox/health | reset | clock | requests | payments/:ref | faults | webhooks/mode | webhooks/deliveries\n`,
  }
}

export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const host = options.host ?? "127.0.0.1"
  const log = options.log ?? (() => {})
  const merchants = options.merchants ?? DEFAULT_MERCHANTS
  let baseUrl = ""
  const publicUrl = () => (options.publicUrl ?? baseUrl).replace(/\/+$/, "")

  const clock = new SandboxClock()
  const registry = new WebhookRegistry(() => clock.now(), log)
  // Registrations unanswered for two weeks go when the clock passes that point.
  clock.onChange(() => registry.removeUnanswered())
  const dispatcher = new WebhookDispatcher(registry, {
    retryBaseMs: options.webhookRetryBaseMs ?? 2000,
    maxAttempts: options.webhookMaxAttempts ?? 10,
    log,
  })
  const payments = new PaymentStore({
    clock,
    marketOf: (msn) => merchants.find((m) => m.msn === msn)?.market ?? "NO",
    paymentTtlMs: (options.paymentTtlSeconds ?? 600) * 1000,
    publicUrl,
    onEvent: (p, e) => dispatcher.dispatch(p.msn, e, webhookExtras(p, e)),
  })
  const ctx: SandboxContext = {
    merchants,
    cards: new CardPermissions(merchants),
    clock,
    tokens: new TokenIssuer(merchants, options.tokenTtlSeconds ?? 3600),
    payments,
    idempotency: new IdempotencyStore(),
    rateLimiter: new RateLimiter(options.rateLimits ?? true),
    webhooks: registry,
    dispatcher,
    orders: new OrderManagement((msn, ref) => !!payments.find(msn, ref)),
    requests: new RequestLog(),
    faults: new FaultInjector(),
    publicUrl,
    shippingCallbackTimeoutMs: options.shippingCallbackTimeoutMs ?? 8000,
    log,
  }
  const resetAll = () => {
    ctx.clock.reset()
    ctx.payments.reset()
    ctx.idempotency.clear()
    ctx.rateLimiter.clear()
    ctx.webhooks.clear()
    ctx.dispatcher.reset()
    ctx.orders.clear()
    ctx.requests.clear()
    ctx.faults.clear()
    ctx.cards.clear()
  }
  const holdTimers = new Set<NodeJS.Timeout>()

  /** Routes one Vipps API request (already logged) to its module. */
  const routeApi = (method: string, path: string, headers: http.IncomingHttpHeaders, body: unknown, query: URLSearchParams): ApiResponse => {
    if (/^\/accesstoken\/get$/i.test(path)) {
      return toResponse(path, () => {
        if (method !== "POST") throw httpError(405, "Use POST.")
        return ctx.tokens.issue(headers)
      })
    }
    if (path.startsWith("/epayment/")) return handleEpayment(ctx, { method, path, headers, body }, path.slice("/epayment".length))
    if (path.startsWith("/webhooks/")) {
      const sub = path.slice("/webhooks".length)
      return toResponse(sub, () => {
        const m = ctx.tokens.authenticate(headers, { msnRequired: false })
        const parts = sub.split("/").filter(Boolean).map(decodeURIComponent)
        if (parts[0] === "v1" && parts[1] === "webhooks") {
          if (parts.length === 2 && method === "POST") return ctx.webhooks.register(m.msn, body)
          if (parts.length === 2 && method === "GET") return ctx.webhooks.list(m.msn)
          if (parts.length === 3 && method === "DELETE") return ctx.webhooks.delete(m.msn, parts[2])
        }
        throw httpError(404, `No webhooks route for ${method} ${sub}.`)
      })
    }
    if (path.startsWith("/order-management/")) {
      const sub = path.slice("/order-management".length)
      try {
        const m = ctx.tokens.authenticate(headers, { msnRequired: true })
        return ctx.orders.handle(method, sub, body, m, sub, query)
      } catch (e) {
        if (e instanceof ApiError) return problemResponse(e, sub)
        throw e
      }
    }
    return problemResponse(httpError(404, `Unknown API path ${path}.`), path)
  }

  const handle = async (req: http.IncomingMessage, res: http.ServerResponse) => {
    const started = Date.now()
    const method = (req.method ?? "GET").toUpperCase()
    const url = new URL(req.url ?? "/", "http://sandbox.local")
    const path = url.pathname
    let raw = ""
    try {
      raw = await readBody(req)
    } catch (e) {
      if (e instanceof ApiError) write(res, problemResponse(e, path))
      return
    }

    if (path === "/_sandbox" || path.startsWith("/_sandbox/")) {
      let body: unknown
      try {
        body = parseJsonBody(raw)
      } catch (e) {
        return write(res, problemResponse(e as ApiError, path))
      }
      return write(res, await handleControl(ctx, method, path, url.searchParams, body, resetAll))
    }
    if (path === "/landing" || path.startsWith("/landing/")) return write(res, await handleLanding(ctx, method, path, url.searchParams, raw))
    if (path === "/qr/v1") return write(res, await handleQr(ctx, method, url.searchParams))
    if (path === "/" && method === "GET") return write(res, indexPage(baseUrl))

    // ---- Vipps API request: logged, fault-injectable ----
    let body: unknown = null
    let parseError: ApiError | undefined
    try {
      body = parseJsonBody(raw) ?? null
    } catch (e) {
      parseError = e as ApiError
    }
    const entry = ctx.requests.add({ method, path, query: Object.fromEntries(url.searchParams), headers: { ...req.headers }, body })
    const finish = (r: ApiResponse) => {
      entry.status = r.status
      entry.durationMs = Date.now() - started
      log(`${method} ${path}${url.search} → ${r.status} (${entry.durationMs} ms)`)
      write(res, r)
    }
    const compute = () => (parseError ? problemResponse(parseError, path) : routeApi(method, path, req.headers, body, url.searchParams))

    const fault = ctx.faults.take(method, path)
    if (fault?.kind === "error") {
      // The operation is NOT applied: a retry with the same Idempotency-Key will apply it.
      const extraDetails = fault.code ? [{ name: "ErrorCode", reason: fault.code }] : null
      return finish(problemResponse(httpError(fault.status, `Simulated fault (HTTP ${fault.status}${fault.code ? `, code ${fault.code}` : ""}).`, extraDetails), path))
    }
    if (fault?.kind === "timeout") {
      // With apply:true the effect happens now and only the answer is late (ambiguous timeout).
      const response = fault.apply ? compute() : problemResponse(httpError(504, "Simulated timeout."), path)
      entry.status = response.status
      const t = setTimeout(() => {
        holdTimers.delete(t)
        finish(response)
      }, fault.delayMs)
      holdTimers.add(t)
      res.on("close", () => {
        entry.durationMs = Date.now() - started
      })
      return
    }
    finish(compute())
  }

  const server = http.createServer((req, res) => {
    handle(req, res).catch((err) => {
      log(`sandbox error: ${err?.stack ?? err}`)
      if (!res.headersSent) write(res, problemResponse(httpError(500, "Sandbox internal error."), req.url ?? "/"))
      else res.destroy()
    })
  })

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject)
    server.listen(options.port ?? 0, host, () => {
      server.off("error", reject)
      resolve()
    })
  })
  const port = (server.address() as AddressInfo).port
  baseUrl = listeningUrl(host, port)

  let closing: Promise<void> | undefined
  return {
    url: baseUrl,
    port,
    close() {
      closing ??= new Promise<void>((resolve) => {
        for (const t of holdTimers) clearTimeout(t)
        holdTimers.clear()
        ctx.dispatcher.close()
        ctx.payments.dispose()
        server.close(() => resolve())
        // keep-alive and held (timeout-fault) sockets would otherwise keep the server open
        server.closeAllConnections()
      })
      return closing
    },
  }
}
