// Rate limits against the real local sandbox over HTTP: its own rate limiter (5 modifications
// per reference per minute, Retry-After up to 60 s) and its fault injection (429 on demand).
import http from "node:http"
import type { AddressInfo } from "node:net"
import axios from "axios"
import { DEFAULT_MERCHANTS, startSandbox } from "../../sandbox"
import { VippsClient, VippsClientOptions } from "../client"
import { VippsRateLimitedError, isVippsRateLimitedError } from "../errors"
import { idempotencyKey } from "../idempotency"
import { BACKGROUND_RETRY_POLICY, INTERACTIVE_RETRY_POLICY, withVippsRetryPolicy } from "../retry-policy"
import { clearTokenCache } from "../token"

jest.setTimeout(30_000)

const NOK = DEFAULT_MERCHANTS[0]
type Sandbox = { url: string; close(): Promise<void> }

let limited: Sandbox // rate limits on, as at Vipps
let faulty: Sandbox // rate limits off; 429s come from fault injection
let logLines: string[]

beforeAll(async () => {
  limited = await startSandbox({ port: 0, rateLimits: true })
  faulty = await startSandbox({ port: 0, rateLimits: false })
})

afterAll(async () => {
  await limited?.close()
  await faulty?.close()
})

beforeEach(async () => {
  clearTokenCache()
  logLines = []
  await axios.delete(`${faulty.url}/_sandbox/faults`)
})

function makeClient(base: string, overrides: Partial<VippsClientOptions> = {}): VippsClient {
  const record = (message: string) => logLines.push(message)
  return new VippsClient({
    environment: base,
    clientId: NOK.clientId,
    clientSecret: NOK.clientSecret,
    subscriptionKey: NOK.subscriptionKey,
    merchantSerialNumber: NOK.msn,
    systemName: "medusa",
    systemVersion: "2.21.2",
    pluginName: "medusa-payment-vipps",
    pluginVersion: "0.1.0",
    timeoutMs: 2_000,
    retryBaseMs: 5,
    maxRetries: 4,
    logger: { debug: record, info: record, warn: record, error: record },
    ...overrides,
  })
}

let counter = 0
async function createPayment(client: VippsClient) {
  const reference = `rl-${Date.now().toString(36)}-${++counter}`
  await client.epayment.createPayment(
    { amount: { value: 10_000, currency: "NOK" }, paymentMethod: { type: "WALLET" }, reference, userFlow: "WEB_REDIRECT", returnUrl: "https://shop.example/r" },
    idempotencyKey("create", reference)
  )
  return reference
}

/** Fills the sandbox's window of 5 modifications per minute for this reference. */
async function exhaustModifications(client: VippsClient, reference: string) {
  for (let i = 0; i < 5; i++) {
    await client.epayment.cancelPayment(reference, {}, idempotencyKey("cancel", reference, i)).catch(() => undefined)
  }
}

async function requests(base: string, pathContains: string) {
  const { data } = await axios.get(`${base}/_sandbox/requests`, { params: { method: "POST", pathContains } })
  return (data.requests as { path: string; status: number }[]).filter((r) => !r.path.startsWith("/_sandbox"))
}

/**
 * The sandbox's fault injection answers 429 without a Retry-After header; Vipps sends one. This
 * pass-through in front of the sandbox adds `Retry-After: <seconds>` to the sandbox's 429s, nothing else.
 */
async function withRetryAfter(target: string, seconds: number): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer((req, res) => {
    const upstream = http.request(`${target}${req.url}`, { method: req.method, headers: req.headers }, (answer) => {
      const headers = { ...answer.headers }
      if (answer.statusCode === 429) headers["retry-after"] = String(seconds)
      res.writeHead(answer.statusCode ?? 502, headers)
      answer.pipe(res)
    })
    req.pipe(upstream)
  })
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))
  const { port } = server.address() as AddressInfo
  return { url: `http://127.0.0.1:${port}`, close: () => new Promise((resolve) => server.close(() => resolve())) }
}

async function caught(promise: Promise<unknown>): Promise<VippsRateLimitedError> {
  try {
    await promise
  } catch (error) {
    if (isVippsRateLimitedError(error)) return error
    throw error
  }
  throw new Error("expected a VippsRateLimitedError")
}

describe("rate limits (429 with Retry-After)", () => {
  it("an interactive call does not wait out Vipps's window: it fails at once saying how many seconds to wait", async () => {
    const client = makeClient(limited.url)
    const reference = await createPayment(client)
    await exhaustModifications(client, reference)
    const before = (await requests(limited.url, `/payments/${reference}/cancel`)).length

    const started = Date.now()
    const error = await caught(
      withVippsRetryPolicy(INTERACTIVE_RETRY_POLICY, () => client.epayment.cancelPayment(reference, {}, idempotencyKey("cancel", reference, "admin")))
    )

    expect(Date.now() - started).toBeLessThan(1_000)
    expect(error.status).toBe(429)
    expect(error.retryable).toBe(true)
    // The sandbox's window started with the first cancel a moment ago: Vipps says ~60 s.
    expect(error.retryAfterSeconds).toBeGreaterThanOrEqual(50)
    expect(error.retryAfterSeconds).toBeLessThanOrEqual(60)
    expect(error.merchantMessage).toBe(`Vipps MobilePay is busy with this payment; try again in ${error.retryAfterSeconds} s.`)
    // One attempt only: no retry inside the window.
    expect((await requests(limited.url, `/payments/${reference}/cancel`)).length - before).toBe(1)
    expect(logLines.some((l) => /not retrying \(Vipps asks to wait \d+ ms; interactive calls wait at most 2000 ms/.test(l))).toBe(true)
  })

  it("a background call waits as long as Retry-After says, then succeeds with the same idempotency key", async () => {
    const proxy = await withRetryAfter(faulty.url, 1)
    try {
      const client = makeClient(proxy.url)
      const reference = await createPayment(client)
      await axios.post(`${faulty.url}/_sandbox/faults`, { method: "POST", pathContains: `/payments/${reference}/cancel`, count: 1, kind: "error", status: 429 })

      const started = Date.now()
      const cancelled = await withVippsRetryPolicy(BACKGROUND_RETRY_POLICY, () =>
        client.epayment.cancelPayment(reference, {}, idempotencyKey("cancel", reference))
      )

      // Backoff alone would have waited at most 5 ms; Vipps said 1 s.
      expect(Date.now() - started).toBeGreaterThanOrEqual(1_000)
      expect(cancelled.state).toBe("TERMINATED")
      expect((await requests(faulty.url, `/payments/${reference}/cancel`)).map((r) => r.status)).toEqual([429, 200])
      expect(logLines.some((l) => /retrying in 1000 ms/.test(l))).toBe(true)
    } finally {
      await proxy.close()
    }
  })

  it("an interactive call waits a Retry-After that is short enough (1 s) instead of failing", async () => {
    const proxy = await withRetryAfter(faulty.url, 1)
    try {
      const client = makeClient(proxy.url)
      const reference = await createPayment(client)
      await axios.post(`${faulty.url}/_sandbox/faults`, { method: "GET", pathContains: `/payments/${reference}`, count: 1, kind: "error", status: 429 })
      const started = Date.now()
      const payment = await withVippsRetryPolicy(INTERACTIVE_RETRY_POLICY, () => client.epayment.getPayment(reference))
      expect(payment.reference).toBe(reference)
      expect(Date.now() - started).toBeGreaterThanOrEqual(1_000)
    } finally {
      await proxy.close()
    }
  })

  it("a background call does not wait longer than Vipps's 60 s window: a longer Retry-After is handed back to reschedule", async () => {
    const proxy = await withRetryAfter(faulty.url, 120)
    try {
      const client = makeClient(proxy.url)
      const reference = await createPayment(client)
      await axios.post(`${faulty.url}/_sandbox/faults`, { method: "POST", pathContains: `/payments/${reference}/capture`, count: 1, kind: "error", status: 429 })
      const started = Date.now()
      const error = await caught(
        withVippsRetryPolicy(BACKGROUND_RETRY_POLICY, () =>
          client.epayment.capturePayment(reference, { value: 100, currency: "NOK" }, idempotencyKey("capture", reference))
        )
      )
      expect(Date.now() - started).toBeLessThan(1_000)
      expect(error.retryAfterSeconds).toBe(120)
    } finally {
      await proxy.close()
    }
  })

  it("without a policy the client keeps waiting within its budget, and a 429 it gives up on says when to come back", async () => {
    const proxy = await withRetryAfter(faulty.url, 1)
    try {
      const client = makeClient(proxy.url, { maxRetries: 1 })
      const reference = await createPayment(client)
      await axios.post(`${faulty.url}/_sandbox/faults`, { method: "GET", pathContains: `/payments/${reference}`, count: 2, kind: "error", status: 429 })
      const error = await caught(client.epayment.getPayment(reference))
      expect(error.retryAfterSeconds).toBe(1)
      expect(logLines.some((l) => /retrying in 1000 ms/.test(l))).toBe(true)
    } finally {
      await proxy.close()
    }
  })

  it("a 429 without Retry-After is retried with backoff and, when retries run out, says to wait Vipps's full window", async () => {
    const client = makeClient(faulty.url, { maxRetries: 2 })
    const reference = await createPayment(client)
    await axios.post(`${faulty.url}/_sandbox/faults`, { method: "GET", pathContains: `/payments/${reference}`, count: 3, kind: "error", status: 429 })
    const error = await caught(withVippsRetryPolicy(INTERACTIVE_RETRY_POLICY, () => client.epayment.getPayment(reference)))
    expect(error.retryAfterSeconds).toBe(60)
    expect(error.message).toMatch(/^Vipps MobilePay is busy with this payment; try again in 60 s\. \(Vipps 429/)
  })
})
