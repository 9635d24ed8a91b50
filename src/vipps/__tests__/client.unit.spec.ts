// The client against the real local sandbox over HTTP: no mocks anywhere.
import http from "node:http"
import type { AddressInfo } from "node:net"
import axios from "axios"
import { DEFAULT_MERCHANTS, startSandbox } from "../../sandbox"
import { VippsClient, VippsClientOptions } from "../client"
import { isVippsError, VippsError } from "../errors"
import { idempotencyKey } from "../idempotency"
import { clearTokenCache } from "../token"
import { EPAYMENT_WEBHOOK_EVENTS, verifyWebhookSignature } from "../webhooks"

jest.setTimeout(30_000)

const NOK = DEFAULT_MERCHANTS[0]
const SYSTEM = { systemName: "medusa", systemVersion: "2.21.2", pluginName: "medusa-payment-vipps", pluginVersion: "0.1.0" }

type Sandbox = { url: string; port: number; close(): Promise<void> }
type LoggedRequest = { seq: number; method: string; path: string; headers: Record<string, string>; body: any; status: number }

let sandbox: Sandbox
let logLines: string[]

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, rateLimits: false })
})

afterAll(async () => {
  await sandbox?.close()
})

beforeEach(async () => {
  clearTokenCache()
  logLines = []
  await axios.delete(`${sandbox.url}/_sandbox/faults`)
  await axios.post(`${sandbox.url}/_sandbox/reset`)
})

function makeClient(overrides: Partial<VippsClientOptions> = {}, base: Sandbox = sandbox): VippsClient {
  const record = (message: string) => logLines.push(message)
  return new VippsClient({
    environment: base.url,
    clientId: NOK.clientId,
    clientSecret: NOK.clientSecret,
    subscriptionKey: NOK.subscriptionKey,
    merchantSerialNumber: NOK.msn,
    ...SYSTEM,
    timeoutMs: 2_000,
    retryBaseMs: 5,
    maxRetries: 4,
    logger: { debug: record, info: record, warn: record, error: record },
    ...overrides,
  })
}

async function requests(params: { method?: string; pathContains?: string } = {}, base: Sandbox = sandbox): Promise<LoggedRequest[]> {
  const { data } = await axios.get(`${base.url}/_sandbox/requests`, { params })
  return data.requests.filter((r: LoggedRequest) => !r.path.startsWith("/_sandbox"))
}

async function fault(body: Record<string, unknown>, base: Sandbox = sandbox) {
  await axios.post(`${base.url}/_sandbox/faults`, body)
}

async function sandboxPayment(reference: string) {
  return (await axios.get(`${sandbox.url}/_sandbox/payments/${reference}`)).data
}

let counter = 0
function newReference(): string {
  return `test-${Date.now().toString(36)}-${++counter}`
}

async function createPayment(client: VippsClient, reference = newReference(), value = 10_000) {
  const created = await client.epayment.createPayment(
    {
      amount: { value, currency: "NOK" },
      paymentMethod: { type: "WALLET" },
      reference,
      userFlow: "WEB_REDIRECT",
      returnUrl: `https://shop.example/return?reference=${reference}`,
      paymentDescription: "Order from test",
    },
    idempotencyKey("create", reference)
  )
  return { reference, created }
}

async function authorizedPayment(client: VippsClient, value = 10_000) {
  const { reference } = await createPayment(client, newReference(), value)
  await axios.post(`${sandbox.url}/_sandbox/payments/${reference}/approve`)
  return reference
}

async function expectVippsError(promise: Promise<unknown>): Promise<VippsError> {
  try {
    await promise
  } catch (error) {
    expect(isVippsError(error)).toBe(true)
    return error as VippsError
  }
  throw new Error("expected a VippsError")
}

describe("access token", () => {
  it("fetches one token for concurrent first calls and reuses it across clients and calls", async () => {
    const a = makeClient()
    const b = makeClient()
    await Promise.all([createPayment(a), createPayment(a), createPayment(b), b.webhooks.listWebhooks(), a.getAccessToken()])
    const { reference } = await createPayment(b)
    await a.epayment.getPayment(reference)
    await b.epayment.getPaymentEvents(reference)

    expect(await requests({ pathContains: "/accesstoken/get" })).toHaveLength(1)
    const bearers = new Set(
      (await requests({ pathContains: "/epayment/" })).map((r) => r.headers["authorization"])
    )
    expect(bearers.size).toBe(1)
    expect([...bearers][0]).toMatch(/^Bearer \S+$/)
  })

  it("sends the Vipps-System headers, MSN and subscription key on every request, token call included", async () => {
    const client = makeClient()
    const reference = await authorizedPayment(client)
    await client.epayment.capturePayment(reference, { value: 1_000, currency: "NOK" }, idempotencyKey("capture", reference, 1))
    await client.webhooks.listWebhooks()

    const all = await requests()
    expect(all.some((r) => r.path === "/accesstoken/get")).toBe(true)
    expect(all.length).toBeGreaterThanOrEqual(4)
    for (const r of all) {
      expect(r.headers).toMatchObject({
        "vipps-system-name": "medusa",
        "vipps-system-version": "2.21.2",
        "vipps-system-plugin-name": "medusa-payment-vipps",
        "vipps-system-plugin-version": "0.1.0",
        "merchant-serial-number": NOK.msn,
        "ocp-apim-subscription-key": NOK.subscriptionKey,
      })
      if (r.path === "/accesstoken/get") {
        expect(r.headers["client_id"]).toBe(NOK.clientId)
        expect(r.headers["authorization"]).toBeUndefined()
      } else {
        expect(r.headers["authorization"]).toMatch(/^Bearer /)
      }
    }
  })

  it("drops a token rejected with 401 and retries once with a fresh one", async () => {
    const client = makeClient()
    const { reference } = await createPayment(client)
    await fault({ method: "GET", pathContains: `/payments/${reference}`, count: 1, kind: "error", status: 401 })

    const payment = await client.epayment.getPayment(reference)
    expect(payment.reference).toBe(reference)
    expect(await requests({ pathContains: "/accesstoken/get" })).toHaveLength(2)
    expect(await requests({ method: "GET", pathContains: `/payments/${reference}` })).toHaveLength(2)
  })
})

describe("ePayment flow", () => {
  it("create → approve → get → partial and final capture → refund → events", async () => {
    const client = makeClient()
    const { reference, created } = await createPayment(client)
    expect(created.reference).toBe(reference)
    expect(created.redirectUrl).toEqual(expect.any(String))
    expect((await client.epayment.getPayment(reference)).state).toBe("CREATED")

    await axios.post(`${sandbox.url}/_sandbox/payments/${reference}/approve`)
    const authorized = await client.epayment.getPayment(reference)
    expect(authorized.state).toBe("AUTHORIZED")
    expect(authorized.aggregate.authorizedAmount).toEqual({ value: 10_000, currency: "NOK" })
    expect(authorized.pspReference).toEqual(expect.any(String))

    const first = await client.epayment.capturePayment(reference, { value: 4_000, currency: "NOK" }, idempotencyKey("capture", reference, "c1"))
    expect(first.aggregate.capturedAmount.value).toBe(4_000)
    const second = await client.epayment.capturePayment(reference, { value: 6_000, currency: "NOK" }, idempotencyKey("capture", reference, "c2"))
    expect(second.aggregate.capturedAmount.value).toBe(10_000)
    expect(second.state).toBe("AUTHORIZED")

    const refund = await client.epayment.refundPayment(reference, { value: 2_500, currency: "NOK" }, idempotencyKey("refund", reference, "r1"))
    expect(refund.aggregate.refundedAmount.value).toBe(2_500)

    const events = await client.epayment.getPaymentEvents(reference)
    expect(events.map((e) => e.name)).toEqual(["CREATED", "AUTHORIZED", "CAPTURED", "CAPTURED", "REFUNDED"])
    expect(events.filter((e) => e.name === "CAPTURED").map((e) => e.amount.value)).toEqual([4_000, 6_000])
    expect(events.every((e) => e.success)).toBe(true)
  })

  it("cancels a created payment (cancelTransactionOnly) and the remainder after a partial capture", async () => {
    const client = makeClient()
    const { reference } = await createPayment(client)
    const cancelled = await client.epayment.cancelPayment(reference, { cancelTransactionOnly: true }, idempotencyKey("cancel", reference))
    expect(cancelled.state).toBe("TERMINATED")

    const authorized = await authorizedPayment(client)
    await client.epayment.capturePayment(authorized, { value: 3_000, currency: "NOK" }, idempotencyKey("capture", authorized))
    const released = await client.epayment.cancelPayment(authorized, {}, idempotencyKey("cancel", authorized))
    expect(released.aggregate.cancelledAmount.value).toBe(7_000)
    expect(released.aggregate.capturedAmount.value).toBe(3_000)
  })

  it("force approves in a non-production environment and refuses in production", async () => {
    const client = makeClient()
    const { reference } = await createPayment(client)
    await client.epayment.forceApprove(reference, { customer: { phoneNumber: "4712345678" } })
    expect((await client.epayment.getPayment(reference)).state).toBe("AUTHORIZED")

    const production = makeClient({ environment: "production" })
    const error = await expectVippsError(production.epayment.forceApprove(reference))
    expect(error.merchantMessage).toMatch(/not in production/)
    expect(logLines.join("\n")).not.toContain("4712345678")
  })

  it("refuses invalid requests before sending them", async () => {
    const client = makeClient()
    await expectVippsError(client.epayment.capturePayment("short", { value: 100, currency: "NOK" }, "k-1"))
    await expectVippsError(client.epayment.capturePayment("valid-ref-123", { value: 1.5, currency: "NOK" }, "k-1"))
    await expectVippsError(client.epayment.capturePayment("valid-ref-123", { value: 100, currency: "NOK" }, "bad key!"))
    expect(await requests({ pathContains: "/capture" })).toHaveLength(0)
  })
})

describe("retries and idempotency", () => {
  it("retries a capture that failed twice with 500 using the same key and body: one capture", async () => {
    const client = makeClient()
    const reference = await authorizedPayment(client)
    await fault({ method: "POST", pathContains: "/capture", count: 2, kind: "error", status: 500 })
    const key = idempotencyKey("capture", reference, "retry")

    const result = await client.epayment.capturePayment(reference, { value: 2_500, currency: "NOK" }, key)
    expect(result.aggregate.capturedAmount.value).toBe(2_500)

    const attempts = await requests({ method: "POST", pathContains: "/capture" })
    expect(attempts.map((r) => r.status)).toEqual([500, 500, 200])
    expect(new Set(attempts.map((r) => r.headers["idempotency-key"]))).toEqual(new Set([key]))
    expect(attempts.map((r) => JSON.stringify(r.body))).toEqual(Array(3).fill(JSON.stringify({ modificationAmount: { value: 2_500, currency: "NOK" } })))

    const state = await sandboxPayment(reference)
    expect(state.aggregate.capturedAmount.value).toBe(2_500)
    expect(state.events.filter((e: any) => e.name === "CAPTURED")).toHaveLength(1)
    expect(logLines.filter((l) => /retrying in/.test(l))).toHaveLength(2)
  })

  it("retries after a timeout whose capture was applied: the replay does not capture twice", async () => {
    const client = makeClient({ timeoutMs: 400 })
    const reference = await authorizedPayment(client)
    await fault({ method: "POST", pathContains: "/capture", count: 1, kind: "timeout", delayMs: 1_500, apply: true })
    const key = idempotencyKey("capture", reference, "timeout")

    const result = await client.epayment.capturePayment(reference, { value: 5_000, currency: "NOK" }, key)
    expect(result.aggregate.capturedAmount.value).toBe(5_000)

    const attempts = await requests({ method: "POST", pathContains: "/capture" })
    expect(attempts).toHaveLength(2)
    expect(attempts.every((r) => r.headers["idempotency-key"] === key)).toBe(true)
    const state = await sandboxPayment(reference)
    expect(state.aggregate.capturedAmount.value).toBe(5_000)
    expect(state.events.filter((e: any) => e.name === "CAPTURED")).toHaveLength(1)
    expect(logLines.some((l) => /timeout/.test(l))).toBe(true)
  })

  it.each([503, 400])("6280 (capture failed, try again later) with HTTP %i twice, then success: one capture, one key", async (status) => {
    const client = makeClient()
    const reference = await authorizedPayment(client)
    await axios.post(`${sandbox.url}/_sandbox/payments/${reference}/capture-error`, { code: "6280", count: 2, status })
    const key = idempotencyKey("capture", reference, "6280")

    const result = await client.epayment.capturePayment(reference, { value: 2_500, currency: "NOK" }, key)
    expect(result.aggregate.capturedAmount.value).toBe(2_500)
    const attempts = await requests({ method: "POST", pathContains: "/capture" })
    expect(attempts.map((r) => r.status)).toEqual([status, status, 200])
    expect(new Set(attempts.map((r) => r.headers["idempotency-key"]))).toEqual(new Set([key]))
    const state = await sandboxPayment(reference)
    expect(state.aggregate.capturedAmount.value).toBe(2_500)
    expect(state.events.filter((e: any) => e.name === "CAPTURED" && e.success)).toHaveLength(1)
  })

  it.each([400, 500, 503])("6260 (funds unavailable) with HTTP %i: final, sent once, never retried", async (status) => {
    const client = makeClient()
    const reference = await authorizedPayment(client)
    await axios.post(`${sandbox.url}/_sandbox/payments/${reference}/capture-error`, { code: "6260", status })
    const error = await expectVippsError(
      client.epayment.capturePayment(reference, { value: 2_500, currency: "NOK" }, idempotencyKey("capture", reference, "6260"))
    )
    expect(error).toMatchObject({ status, code: "6260", retryable: false, operation: "capture", reference })
    expect(error.traceId).toEqual(expect.any(String))
    expect(error.merchantMessage).toMatch(/bank released the reserved amount; nothing was captured\. Do not ship/)
    expect(await requests({ method: "POST", pathContains: "/capture" })).toHaveLength(1)
    expect((await sandboxPayment(reference)).aggregate.capturedAmount.value).toBe(0)
  })

  it("gives up after maxRetries and reports a retryable error", async () => {
    const client = makeClient({ maxRetries: 2 })
    const { reference } = await createPayment(client)
    await fault({ method: "GET", pathContains: `/payments/${reference}`, count: 10, kind: "error", status: 503 })
    const error = await expectVippsError(client.epayment.getPayment(reference))
    expect(error.status).toBe(503)
    expect(error.retryable).toBe(true)
    expect(await requests({ method: "GET", pathContains: `/payments/${reference}` })).toHaveLength(3)
  })

  it("does not resend a non-idempotent POST after a 500 (webhook registration)", async () => {
    const client = makeClient()
    await fault({ method: "POST", pathContains: "/webhooks/v1/webhooks", count: 1, kind: "error", status: 500 })
    const error = await expectVippsError(client.webhooks.registerWebhook("https://shop.example/hooks/vipps", ["epayments.payment.captured.v1"]))
    expect(error.status).toBe(500)
    expect(await requests({ method: "POST", pathContains: "/webhooks/v1/webhooks" })).toHaveLength(1)
  })

  it("retries 429 answers", async () => {
    const client = makeClient()
    const { reference } = await createPayment(client)
    await fault({ method: "GET", pathContains: `/payments/${reference}`, count: 2, kind: "error", status: 429 })
    expect((await client.epayment.getPayment(reference)).reference).toBe(reference)
    expect((await requests({ method: "GET", pathContains: `/payments/${reference}` })).map((r) => r.status)).toEqual([429, 429, 200])
  })

  it("honours Retry-After from the rate limiter (capped by maxRetryDelayMs)", async () => {
    const limited = await startSandbox({ port: 0, rateLimits: true })
    try {
      const client = makeClient({ maxRetries: 1, retryBaseMs: 1, maxRetryDelayMs: 1_200 }, limited)
      const { reference } = await createPayment(client)
      // 5 modifications of one kind per minute per reference: five cancels fill the window.
      for (let i = 0; i < 5; i++) {
        await client.epayment.cancelPayment(reference, {}, idempotencyKey("cancel", reference, i)).catch(() => undefined)
      }
      const started = Date.now()
      const error = await expectVippsError(
        client.epayment.cancelPayment(reference, {}, idempotencyKey("cancel", reference, "limited"))
      )
      const elapsed = Date.now() - started
      expect(error.status).toBe(429)
      expect(error.retryable).toBe(true)
      // Backoff alone would wait at most 1 ms; Retry-After (≥ 1 s) capped at 1.2 s was honoured.
      expect(elapsed).toBeGreaterThanOrEqual(1_000)
      const cancels = await requests({ method: "POST", pathContains: "/cancel" }, limited)
      expect(cancels.slice(-2).map((r) => r.status)).toEqual([429, 429])
      expect(logLines.some((l) => /retrying in 1200 ms/.test(l))).toBe(true)
    } finally {
      await limited.close()
    }
  })
})

describe("error mapping", () => {
  it("maps 6090 (capture amount too high)", async () => {
    const client = makeClient()
    const reference = await authorizedPayment(client, 1_000)
    const error = await expectVippsError(
      client.epayment.capturePayment(reference, { value: 1_001, currency: "NOK" }, idempotencyKey("capture", reference, "too-much"))
    )
    expect(error.status).toBe(400)
    expect(error.code).toBe("6090")
    expect(error.operation).toBe("capture")
    expect(error.reference).toBe(reference)
    expect(error.traceId).toEqual(expect.any(String))
    expect(error.retryable).toBe(false)
    expect(error.merchantMessage).toBe("The capture amount is higher than what is left to capture on this payment.")
    expect(error.message).toContain(`(Vipps 400 6090, trace ${error.traceId})`)
    expect(await requests({ pathContains: "/capture" })).toHaveLength(1)
    // A capture Vipps refused for good is logged by the caller, with its context: here at debug level only.
    expect(logLines.filter((l) => /giving up/.test(l))).toHaveLength(0)
    expect(logLines.filter((l) => /handed to the caller/.test(l))).toHaveLength(1)
    expect(logLines.join("\n")).toMatch(/code=6090/)
  })

  it("maps 404 for an unknown reference", async () => {
    const error = await expectVippsError(makeClient().epayment.getPayment("unknown-reference-1"))
    expect(error.status).toBe(404)
    expect(error.traceId).toEqual(expect.any(String))
    expect(error.merchantMessage).toMatch(/does not know this payment/)
  })

  it("maps 401 for bad credentials without leaking secrets to the logs", async () => {
    const client = makeClient({ clientSecret: "wrong-secret-value" })
    const error = await expectVippsError(client.epayment.getPayment("unknown-reference-1"))
    expect(error.status).toBe(401)
    expect(error.operation).toBe("token")
    expect(error.merchantMessage).toMatch(/rejected the API credentials/)
    expect(error.merchantMessage).toMatch(/test keys only work with environment 'test'/)
    const log = logLines.join("\n")
    expect(log).not.toContain("wrong-secret-value")
    expect(log).not.toContain(NOK.subscriptionKey)
  })

  it("maps 5040 with the currency for a sales unit of another market", async () => {
    const client = makeClient()
    const reference = newReference()
    const error = await expectVippsError(
      client.epayment.createPayment(
        { amount: { value: 1_000, currency: "DKK" }, paymentMethod: { type: "WALLET" }, reference, userFlow: "WEB_REDIRECT", returnUrl: "https://shop.example/r" },
        idempotencyKey("create", reference)
      )
    )
    expect(error.code).toBe("5040")
    expect(error.merchantMessage).toMatch(/cannot take payments in DKK/)
  })

  it("never logs access tokens", async () => {
    const client = makeClient()
    const token = await client.getAccessToken()
    await expectVippsError(client.epayment.getPayment("unknown-reference-2"))
    expect(logLines.length).toBeGreaterThan(0)
    expect(logLines.join("\n")).not.toContain(token)
  })
})

describe("webhooks", () => {
  it("registers, lists and deletes; deliveries verify with the returned secret", async () => {
    const received: { headers: http.IncomingHttpHeaders; body: Buffer }[] = []
    const receiver = http.createServer((req, res) => {
      const chunks: Buffer[] = []
      req.on("data", (c) => chunks.push(c))
      req.on("end", () => {
        received.push({ headers: req.headers, body: Buffer.concat(chunks) })
        res.writeHead(200).end()
      })
    })
    await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve))
    const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks/vipps?store=main`
    try {
      const client = makeClient()
      const registration = await client.webhooks.registerWebhook(url, EPAYMENT_WEBHOOK_EVENTS)
      expect(registration).toEqual({ id: expect.any(String), secret: expect.any(String) })
      expect((await client.webhooks.listWebhooks()).map((w) => w.id)).toContain(registration.id)

      await authorizedPayment(client)
      const deadline = Date.now() + 5_000
      while (received.length < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50))
      expect(received.length).toBeGreaterThanOrEqual(1)
      for (const delivery of received) {
        expect(verifyWebhookSignature({ secret: registration.secret, url, headers: delivery.headers, rawBody: delivery.body })).toEqual({ ok: true })
        expect(verifyWebhookSignature({ secret: "not-the-secret", url, headers: delivery.headers, rawBody: delivery.body }).ok).toBe(false)
      }

      expect(await client.webhooks.deleteWebhook(registration.id)).toEqual({ deleted: true })
      expect((await client.webhooks.listWebhooks()).map((w) => w.id)).not.toContain(registration.id)
    } finally {
      await new Promise((resolve) => receiver.close(resolve))
    }
  })
})

describe("order management", () => {
  it("adds a receipt once (409 means already added), sets a category and reads the order back", async () => {
    const client = makeClient()
    const reference = await authorizedPayment(client, 12_500)
    const receipt = {
      orderLines: [
        { name: "Socks", id: "sku-1", totalAmount: 10_000, totalAmountExcludingTax: 8_000, totalTaxAmount: 2_000, taxRate: 2500 },
        { name: "Shipping", id: "ship", totalAmount: 2_500, totalAmountExcludingTax: 2_000, totalTaxAmount: 500, taxRate: 2500, isShipping: true },
      ],
      bottomLine: { currency: "NOK" },
    }
    expect(await client.orderManagement.addReceipt(reference, receipt)).toEqual({ added: true, alreadyAdded: false })
    expect(await client.orderManagement.addReceipt(reference, receipt)).toEqual({ added: false, alreadyAdded: true })
    await client.orderManagement.putCategory(reference, { category: "ORDER_CONFIRMATION", orderDetailsUrl: "https://shop.example/orders/1" })
    const order = await client.orderManagement.getOrder(reference)
    expect(order.receipt).toBeDefined()
    expect(order.category).toBeDefined()
  })
})
