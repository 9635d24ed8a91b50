import { ApiError } from "../errors"
import { IdempotencyStore } from "../idempotency"
import { startSandbox, DEFAULT_MERCHANTS, type Sandbox } from "../index"
import { PaymentStore, type PaymentEvent } from "../state"
import type { CreatePaymentInput } from "../validation"
import { apiClient, controlClient, createBody, errorCode, sleep, tokenFor, waitFor } from "./helpers"

jest.setTimeout(20_000)

const input = (reference: string, value = 10000): CreatePaymentInput => ({
  amount: { currency: "NOK", value },
  reference,
  userFlow: "WEB_REDIRECT",
  paymentMethod: { type: "WALLET" },
  returnUrl: "https://shop.example/r",
})

/** Runs fn and returns the Vipps error code it threw (or "none"). */
const codeOf = (fn: () => unknown) => {
  try {
    fn()
    return "none"
  } catch (e) {
    if (!(e instanceof ApiError)) throw e
    return e.extraDetails?.find((d) => d.name === "ErrorCode")?.reason ?? `http-${e.status}`
  }
}

describe("PaymentStore state machine", () => {
  let events: PaymentEvent[]
  let store: PaymentStore
  beforeEach(() => {
    events = []
    store = new PaymentStore({ paymentTtlMs: 60_000, publicUrl: () => "http://sb", onEvent: (_p, e) => events.push(e) })
  })
  afterEach(() => store.dispose())

  it("CREATED: capture 6080, refund 6020, cancel → TERMINATED (final)", () => {
    const p = store.create("100001", input("sm-created-1"), "k")
    expect(codeOf(() => store.capture(p, 100, null))).toBe("6080")
    expect(codeOf(() => store.refund(p, 100, null))).toBe("6020")
    store.cancel(p, { idempotencyKey: "c" })
    expect(p.state).toBe("TERMINATED")
    expect(codeOf(() => store.cancel(p, { idempotencyKey: null }))).toBe("6190")
    expect(codeOf(() => store.capture(p, 100, null))).toBe("6200")
    expect(codeOf(() => store.refund(p, 100, null))).toBe("6210")
    expect(codeOf(() => store.approve(p))).toBe("10010")
    expect(events.filter((e) => e.success).map((e) => e.name)).toEqual(["CREATED", "TERMINATED"])
    // every refusal is in the log too, as Vipps logs it: success false (NOTES §3.4)
    expect(events.filter((e) => !e.success).map((e) => `${e.name}:${e.amount.value}`)).toEqual(["CAPTURED:100", "REFUNDED:100", "CANCELLED:0", "CAPTURED:100", "REFUNDED:100"])
  })

  it("AUTHORIZED: capture ≤ A−C−X (6090/6170), refund ≤ C−R (6150/6180), cancel releases remainder", () => {
    const p = store.create("100001", input("sm-auth-0001", 10000), "k")
    store.approve(p)
    expect(p.authorized).toBe(10000)
    expect(codeOf(() => store.capture(p, 10001, null))).toBe("6090")
    store.capture(p, 3000, "c1")
    expect(codeOf(() => store.refund(p, 3001, null))).toBe("6150")
    store.refund(p, 1000, "r1")
    store.cancel(p, { idempotencyKey: null })
    expect([p.state, p.captured, p.refunded, p.cancelled]).toEqual(["AUTHORIZED", 3000, 1000, 7000])
    expect(codeOf(() => store.capture(p, 1, null))).toBe("6070")
    expect(store.cancel(p, { idempotencyKey: null })).toBeNull() // second cancel: no new event
    store.refund(p, 2000, "r2")
    expect(codeOf(() => store.refund(p, 1, null))).toBe("6180")
    expect(events.filter((e) => e.success).map((e) => `${e.name}:${e.amount.value}`)).toEqual(["CREATED:10000", "AUTHORIZED:10000", "CAPTURED:3000", "REFUNDED:1000", "CANCELLED:7000", "REFUNDED:2000"])
    expect(events.filter((e) => !e.success).map((e) => `${e.name}:${e.amount.value}`)).toEqual(["CAPTURED:10001", "REFUNDED:3001", "CAPTURED:1", "REFUNDED:1"])
    expect(new Set(events.map((e) => e.pspReference)).size).toBe(events.length)
  })

  it("fully captured: 6170 on more capture, 6040 on cancel; cancelTransactionOnly → 6060", () => {
    const p = store.create("100001", input("sm-full-0001", 500), "k")
    store.approve(p)
    expect(codeOf(() => store.cancel(p, { transactionOnly: true, idempotencyKey: null }))).toBe("6060")
    store.capture(p, 500, null)
    expect(codeOf(() => store.capture(p, 1, null))).toBe("6170")
    expect(codeOf(() => store.cancel(p, { idempotencyKey: null }))).toBe("6040")
  })

  it("ABORTED / EXPIRED are final; re-create with same reference → 4150 / 6230", () => {
    const a = store.create("100001", input("sm-abort-001"), "k")
    store.reject(a)
    expect(codeOf(() => store.cancel(a, { idempotencyKey: null }))).toBe("6050")
    expect(codeOf(() => store.create("100001", input("sm-abort-001"), "k2"))).toBe("4150")
    const b = store.create("100001", input("sm-auth-0002"), "k")
    store.approve(b)
    expect(codeOf(() => store.create("100001", input("sm-auth-0002"), "k2"))).toBe("6230")
    // references are unique per MSN only
    expect(codeOf(() => store.create("200001", { ...input("sm-auth-0002"), amount: { currency: "DKK", value: 1 } }, "k"))).toBe("none")
  })

  it("expires CREATED payments by timer, emitting EXPIRED", async () => {
    const short = new PaymentStore({ paymentTtlMs: 50, publicUrl: () => "http://sb", onEvent: (_p, e) => events.push(e) })
    const p = short.create("100001", input("sm-expire-01"), "k")
    await waitFor(() => events.some((e) => e.name === "EXPIRED"), 2000)
    expect(p.state).toBe("EXPIRED")
    expect(codeOf(() => short.approve(p))).toBe("10010")
    short.dispose()
  })
})

describe("IdempotencyStore", () => {
  it("replays the first outcome, conflicts on a different body, does not store 5xx", () => {
    const idem = new IdempotencyStore()
    let runs = 0
    const op = (body: unknown, status = 200) => idem.run({ msn: "1", op: "capture", reference: "r", key: "k", body }, () => ({ status, body: { n: ++runs } }))
    const a = op({ v: 1 })
    expect(op({ v: 1 })).toBe(a)
    expect(runs).toBe(1)
    expect(codeOf(() => op({ v: 2 }))).toBe("4010")
    // another operation on the same payment may carry the key (the official Postman collection does)
    const refund = () => idem.run({ msn: "1", op: "refund", reference: "r", key: "k", body: { v: 2 } }, () => ({ status: 200 }))
    expect(codeOf(refund)).toBe("none")
    expect(codeOf(() => idem.run({ msn: "1", op: "refund", reference: "r", key: "k", body: { v: 3 } }, () => ({ status: 200 })))).toBe("4150")
    const fail = () => idem.run({ msn: "1", op: "create", reference: "x", key: "k5", body: {} }, () => ({ status: 500, body: { n: ++runs } }))
    fail()
    fail()
    expect(runs).toBe(3)
  })
})

describe("over HTTP", () => {
  let sandbox: Sandbox
  let api: ReturnType<typeof apiClient>
  let control: ReturnType<typeof controlClient>

  const start = async (opts = {}) => {
    sandbox = await startSandbox(opts)
    api = apiClient(sandbox, await tokenFor(sandbox))
    control = controlClient(sandbox)
  }
  afterEach(async () => {
    await sandbox?.close()
  })
  const create = (reference: string, value = 10000) => api("POST", "/epayment/v1/payments", createBody(reference, value), { "Idempotency-Key": `c-${reference}` })
  const capture = (reference: string, value: number, key: string, signal?: AbortSignal) =>
    api("POST", `/epayment/v1/payments/${reference}/capture`, { modificationAmount: { value, currency: "NOK" } }, { "Idempotency-Key": key }, signal)

  it("rate limits modifications to 5/min per reference with 429 + Retry-After", async () => {
    await start()
    await create("rl-modify-01")
    await control("POST", "/payments/rl-modify-01/approve")
    for (let i = 0; i < 5; i++) expect((await capture("rl-modify-01", 100, `k${i}`)).status).toBe(200)
    const limited = await capture("rl-modify-01", 100, "k6")
    expect(limited.status).toBe(429)
    expect(limited.headers.get("content-type")).toBe("application/problem+json")
    const retryAfter = Number(limited.headers.get("retry-after"))
    expect(retryAfter).toBeGreaterThan(0)
    expect(retryAfter).toBeLessThanOrEqual(60)
    // other references are unaffected, and reads have their own (120/min) budget
    expect((await create("rl-modify-02")).status).toBe(201)
    for (let i = 0; i < 120; i++) expect((await api("GET", "/epayment/v1/payments/rl-modify-01")).status).toBe(200)
    expect((await api("GET", "/epayment/v1/payments/rl-modify-01")).status).toBe(429)
    expect((await control("GET", "/payments/rl-modify-01")).body.aggregate.capturedAmount.value).toBe(500)
  })

  it("does not rate limit when rateLimits is false", async () => {
    await start({ rateLimits: false })
    await create("rl-off-0001")
    await control("POST", "/payments/rl-off-0001/approve")
    for (let i = 0; i < 8; i++) expect((await capture("rl-off-0001", 100, `k${i}`)).status).toBe(200)
  })

  it("fault 'error' answers the status without applying; the retry with the same key applies once", async () => {
    await start()
    await create("fault-err-01")
    await control("POST", "/payments/fault-err-01/approve")
    expect((await control("POST", "/faults", { method: "POST", pathContains: "/capture", count: 1, kind: "error", status: 503 })).status).toBe(201)
    const failed = await capture("fault-err-01", 2500, "cap-1")
    expect(failed.status).toBe(503)
    expect(failed.headers.get("content-type")).toBe("application/problem+json")
    expect((await control("GET", "/payments/fault-err-01")).body.aggregate.capturedAmount.value).toBe(0)
    const ok = await capture("fault-err-01", 2500, "cap-1")
    expect(ok.status).toBe(200)
    expect(ok.body.aggregate.capturedAmount.value).toBe(2500)
    const log = (await control("GET", "/requests?method=POST&pathContains=/capture")).body.requests
    expect(log.map((r: any) => r.status)).toEqual([503, 200]) // eslint-disable-line @typescript-eslint/no-explicit-any
    expect(log[0]).toMatchObject({ method: "POST", path: "/epayment/v1/payments/fault-err-01/capture", body: { modificationAmount: { value: 2500, currency: "NOK" } } })
    expect(log[0].headers["idempotency-key"]).toBe("cap-1")
  })

  it("fault 'error' with a Vipps code answers problem+json carrying that ErrorCode", async () => {
    await start()
    await create("fault-code-01")
    await control("POST", "/payments/fault-code-01/approve")
    await control("POST", "/faults", { pathContains: "/capture", count: 1, kind: "error", status: 400, code: "6260" })
    const failed = await capture("fault-code-01", 2500, "cap-code-1")
    expect(failed.status).toBe(400)
    expect(failed.body.extraDetails).toEqual([{ name: "ErrorCode", reason: "6260" }])
    expect((await control("POST", "/faults", { count: 1, kind: "error", code: "abc" })).status).toBe(400)
  })

  it("fault 'timeout' with apply: effect happens, client times out, same-key retry replays without a second capture", async () => {
    await start()
    await create("fault-to-001")
    await control("POST", "/payments/fault-to-001/approve")
    await control("POST", "/faults", { pathContains: "/capture", count: 1, kind: "timeout", delayMs: 5000, apply: true })
    const ac = new AbortController()
    const t = setTimeout(() => ac.abort(), 200)
    await expect(capture("fault-to-001", 3000, "amb-1", ac.signal)).rejects.toThrow()
    clearTimeout(t)
    expect((await control("GET", "/payments/fault-to-001")).body.aggregate.capturedAmount.value).toBe(3000)
    const retry = await capture("fault-to-001", 3000, "amb-1")
    expect(retry.status).toBe(200)
    expect(retry.body.aggregate.capturedAmount.value).toBe(3000)
    const ev = (await api("GET", "/epayment/v1/payments/fault-to-001/events")).body
    expect(ev.filter((e: any) => e.name === "CAPTURED")).toHaveLength(1) // eslint-disable-line @typescript-eslint/no-explicit-any
  })

  it("fault 'timeout' without apply answers 504 late and applies nothing; DELETE /faults clears", async () => {
    await start()
    await create("fault-to-002")
    await control("POST", "/payments/fault-to-002/approve")
    await control("POST", "/faults", { pathContains: "/capture", count: 2, kind: "timeout", delayMs: 150 })
    const t0 = Date.now()
    const r = await capture("fault-to-002", 1000, "k1")
    expect(r.status).toBe(504)
    expect(Date.now() - t0).toBeGreaterThanOrEqual(140)
    expect((await control("GET", "/payments/fault-to-002")).body.aggregate.capturedAmount.value).toBe(0)
    await control("DELETE", "/faults")
    expect((await capture("fault-to-002", 1000, "k1")).status).toBe(200)
  })

  it("expires lazily and by timer with a tiny paymentTtlSeconds", async () => {
    await start({ paymentTtlSeconds: 0.3 })
    await create("exp-00000001")
    await create("exp-00000002")
    expect((await api("GET", "/epayment/v1/payments/exp-00000001")).body.state).toBe("CREATED")
    await sleep(450)
    const g = await api("GET", "/epayment/v1/payments/exp-00000001")
    expect(g.body.state).toBe("EXPIRED")
    const internal = (await control("GET", "/payments/exp-00000002")).body
    expect(internal.events.map((e: any) => e.name)).toEqual(["CREATED", "EXPIRED"]) // eslint-disable-line @typescript-eslint/no-explicit-any
    expect(errorCode((await api("POST", "/epayment/v1/payments/exp-00000002/cancel")).body)).toBe("6050")
  })

  it("control API: health, payments view, reject, portal capture/refund/cancel, reset", async () => {
    await start()
    expect((await control("GET", "/health")).body).toEqual({ ok: true })
    await create("ctl-0000001", 5000)
    expect((await control("POST", "/payments/ctl-0000001/reject")).body.state).toBe("ABORTED")
    await create("ctl-0000002", 5000)
    await control("POST", "/payments/ctl-0000002/approve", { msn: "100001" })
    expect((await control("POST", "/payments/ctl-0000002/capture", { value: 3000 })).body.aggregate.capturedAmount.value).toBe(3000)
    expect((await control("POST", "/payments/ctl-0000002/refund", { value: 1000 })).body.aggregate.refundedAmount.value).toBe(1000)
    const tooMuch = await control("POST", "/payments/ctl-0000002/capture", { value: 9999 })
    expect([tooMuch.status, errorCode(tooMuch.body)]).toEqual([400, "6090"])
    const view = (await control("POST", "/payments/ctl-0000002/cancel", {})).body
    expect(view).toMatchObject({ msn: "100001", reference: "ctl-0000002", state: "AUTHORIZED", userFlow: "WEB_REDIRECT", returnUrl: "https://shop.example/return?ref=ctl-0000002" })
    expect(view.aggregate.cancelledAmount.value).toBe(2000)
    expect(view.events.slice(2).map((e: any) => [e.name, e.idempotencyKey, e.success])).toEqual([["CAPTURED", null, true], ["REFUNDED", null, true], ["CAPTURED", null, false], ["CANCELLED", null, true]]) // eslint-disable-line @typescript-eslint/no-explicit-any
    expect((await control("GET", "/payments/unknown-ref-1")).status).toBe(404)
    // the request log records API calls only (not control calls)
    const reqs = (await control("GET", "/requests")).body.requests
    expect(reqs.every((r: any) => !r.path.startsWith("/_sandbox"))).toBe(true) // eslint-disable-line @typescript-eslint/no-explicit-any
    expect(reqs.map((r: any) => r.path)).toContain("/accesstoken/get") // eslint-disable-line @typescript-eslint/no-explicit-any
    await control("POST", "/reset")
    expect((await control("GET", "/requests")).body.requests).toEqual([])
    expect((await control("GET", "/payments/ctl-0000002")).status).toBe(404)
    // tokens survive a reset, like cached real tokens would
    expect((await create("ctl-0000002")).status).toBe(201)
  })

  it("auth: wrong MSN → 403, no Bearer → 401, expired token → 401; force approve twice → 10010", async () => {
    await start({ tokenTtlSeconds: 1 })
    await create("auth-000001")
    const foreign = await api("GET", "/epayment/v1/payments/auth-000001", undefined, { "Merchant-Serial-Number": DEFAULT_MERCHANTS[1].msn })
    expect(foreign.status).toBe(403)
    const noBearer = await api("GET", "/epayment/v1/payments/auth-000001", undefined, { Authorization: "token" })
    expect(noBearer.status).toBe(401)
    const wrongKey = await api("GET", "/epayment/v1/payments/auth-000001", undefined, { "Ocp-Apim-Subscription-Key": "sandbox-dkk-key" })
    expect(wrongKey.status).toBe(401)
    expect((await api("POST", "/epayment/v1/test/payments/auth-000001/approve", { customer: { phoneNumber: "4791234567" } })).status).toBe(200)
    const again = await api("POST", "/epayment/v1/test/payments/auth-000001/approve", {})
    expect([again.status, errorCode(again.body)]).toEqual([400, "10010"])
    await sleep(1100)
    expect((await api("GET", "/epayment/v1/payments/auth-000001")).status).toBe(401)
  })

  it("landing page shows the payment and approve redirects (303) to the returnUrl", async () => {
    await start({ publicUrl: "http://shop-sandbox.test:9999" })
    const c = await create("landing-0001", 12345)
    expect(c.body.redirectUrl).toMatch(/^http:\/\/shop-sandbox\.test:9999\/landing\?token=/)
    const token = new URL(c.body.redirectUrl).searchParams.get("token")!
    const page = await fetch(`${sandbox.url}/landing?token=${token}`)
    const html = await page.text()
    expect(page.headers.get("content-type")).toMatch(/text\/html/)
    expect(html).toContain("Sandbox Vipps NOK")
    expect(html).toMatch(/123,45/)
    expect(html).toContain('action="/landing/approve"')
    expect(html).toContain('action="/landing/reject"')
    const res = await fetch(`${sandbox.url}/landing/approve`, { method: "POST", redirect: "manual", headers: { "content-type": "application/x-www-form-urlencoded" }, body: `token=${encodeURIComponent(token)}` })
    expect(res.status).toBe(303)
    expect(res.headers.get("location")).toBe("https://shop.example/return?ref=landing-0001")
    expect((await api("GET", "/epayment/v1/payments/landing-0001")).body.state).toBe("AUTHORIZED")
    expect((await fetch(`${sandbox.url}/landing?token=nope`)).status).toBe(404)
  })
})
