import { POST } from "../[provider]/route"
import { signWebhook } from "../../../../sandbox/webhooks"

const SECRET = "webhook-secret"
const URL_ = "http://127.0.0.1:9000/hooks/vipps/vipps"

function delivery(overrides: { authorization?: string } = {}) {
  const body = JSON.stringify({
    msn: "100001",
    reference: "demo-ref-1",
    pspReference: "psp-1",
    name: "AUTHORIZED",
    amount: { currency: "NOK", value: 49900 },
    timestamp: "2026-12-01T12:00:00.000Z",
    idempotencyKey: null,
    success: true,
  })
  const date = new Date().toUTCString()
  const signed = signWebhook({ secret: SECRET, url: URL_, date, body })
  return {
    rawBody: Buffer.from(body, "utf8"),
    headers: { "content-type": "application/json", host: signed.host, "x-ms-date": date, "x-ms-content-sha256": signed.contentHash, authorization: overrides.authorization ?? signed.authorization },
  }
}

function harness(emit: () => Promise<void>) {
  const order: string[] = []
  const inserts: unknown[][] = []
  const warn = jest.fn()
  const services: Record<string, unknown> = {
    vipps: { listVippsWebhookRegistrations: async () => [{ url: URL_, secret: SECRET }] },
    __pg_connection__: {
      raw: async (_sql: string, bindings: unknown[]) => {
        inserts.push(bindings)
        return { rows: [{ id: bindings[0], dedupe_key: bindings[2] }] }
      },
    },
    logger: { warn },
    event_bus: {
      emit: jest.fn(() => {
        order.push("emit")
        return emit()
      }),
    },
  }
  const scope = { resolve: (key: string) => services[key] }
  const res = {
    statusCode: 0,
    body: undefined as unknown,
    status(code: number) {
      this.statusCode = code
      return this
    },
    json(body: unknown) {
      order.push(`answer ${this.statusCode}`)
      this.body = body
      return this
    },
  }
  const send = (d: ReturnType<typeof delivery>) => POST({ params: { provider: "vipps" }, scope, ...d } as any, res as any)
  return { order, inserts, warn, res, send, emit: services.event_bus as { emit: jest.Mock } }
}

describe("webhook intake route", () => {
  it("answers 200 once the delivery is stored, and only then hands it to the event bus", async () => {
    const h = harness(async () => {})
    await h.send(delivery())
    expect(h.inserts).toHaveLength(1)
    expect(h.res.body).toEqual({ received: true, duplicate: false })
    expect(h.order).toEqual(["answer 200", "emit"])
    expect(h.emit.emit).toHaveBeenCalledWith({ name: "vipps.webhook.received", data: { ids: [h.inserts[0][0]] } })
  })

  it("a failing emit after the 200 is logged (the stored row stays for the reconciliation job), not thrown", async () => {
    const h = harness(() => Promise.reject(new Error("Redis is down")))
    await h.send(delivery())
    await new Promise((r) => setImmediate(r))
    expect(h.order).toEqual(["answer 200", "emit"])
    expect(h.warn).toHaveBeenCalledWith(expect.stringMatching(/Redis is down.*reconciliation job/))
  })

  it("a forged signature: 401, nothing stored, nothing emitted", async () => {
    const h = harness(async () => {})
    await h.send(delivery({ authorization: "HMAC-SHA256 SignedHeaders=x-ms-date;host;x-ms-content-sha256&Signature=forged" }))
    expect(h.res.statusCode).toBe(401)
    expect(h.inserts).toHaveLength(0)
    expect(h.emit.emit).not.toHaveBeenCalled()
  })
})
