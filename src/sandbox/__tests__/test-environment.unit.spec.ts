// What the Vipps test environment does on its own, driven by the sandbox clock:
// magic amounts (NOTES §9) and the capture / cancel / refund periods (NOTES §4.3, §11).
import { startSandbox, DEFAULT_MERCHANTS, type Sandbox } from "../index"
import { apiClient, controlClient, createBody, errorCode, tokenFor } from "./helpers"

jest.setTimeout(20_000)

const DAY = 24 * 3600_000
const [NOK, DKK, EUR] = DEFAULT_MERCHANTS
const CURRENCY: Record<string, string> = { [NOK.msn]: "NOK", [DKK.msn]: "DKK", [EUR.msn]: "EUR" }

describe("test environment behaviours on the sandbox clock", () => {
  let sandbox: Sandbox
  let control: ReturnType<typeof controlClient>
  const clients: Record<string, ReturnType<typeof apiClient>> = {}

  beforeAll(async () => {
    sandbox = await startSandbox({ rateLimits: false })
    control = controlClient(sandbox)
    for (const m of DEFAULT_MERCHANTS) clients[m.msn] = apiClient(sandbox, await tokenFor(sandbox, m), m)
  })
  afterAll(async () => {
    await sandbox?.close()
  })
  afterEach(async () => {
    await control("DELETE", "/clock")
  })

  const create = async (reference: string, value = 10000, msn = NOK.msn) => {
    const body = { ...createBody(reference, value), amount: { value, currency: CURRENCY[msn] } }
    const r = await clients[msn]("POST", "/epayment/v1/payments", body, { "Idempotency-Key": `create-${reference}` })
    expect(r.status).toBe(201)
  }
  const modify = (msn: string, reference: string, op: "capture" | "refund" | "cancel", value?: number) =>
    clients[msn]("POST", `/epayment/v1/payments/${reference}/${op}`, value === undefined ? {} : { modificationAmount: { value, currency: CURRENCY[msn] } }, { "Idempotency-Key": `${op}-${reference}-${value ?? "all"}-${Math.random()}` })
  const advance = (ms: number) => control("POST", "/clock", { advance_ms: ms })
  const view = async (reference: string) => (await control("GET", `/payments/${reference}`)).body

  describe("the clock (control API)", () => {
    it("moves forward by advance_ms or to an absolute time, never back, and resets to wall-clock time", async () => {
      const start = Date.parse((await control("GET", "/clock")).body.now)
      expect(Math.abs(start - Date.now())).toBeLessThan(1000)
      const moved = await advance(3 * DAY)
      expect(moved.body.offset_ms).toBeGreaterThanOrEqual(3 * DAY)
      const target = new Date(Date.now() + 10 * DAY).toISOString()
      expect(Date.parse((await control("POST", "/clock", { now: target })).body.now)).toBeGreaterThanOrEqual(Date.parse(target))
      expect((await control("POST", "/clock", { now: new Date().toISOString() })).status).toBe(400)
      expect((await control("POST", "/clock", { advance_ms: -1 })).status).toBe(400)
      expect((await control("POST", "/clock", {})).status).toBe(400)
      expect((await control("DELETE", "/clock")).body.offset_ms).toBe(0)
      await advance(DAY)
      await control("POST", "/reset")
      expect((await control("GET", "/clock")).body.offset_ms).toBe(0)
    })

    it("a CREATED payment expires when the clock passes its 10 minutes, with the event stamped in sandbox time", async () => {
      await create("clock-exp-0001")
      await advance(11 * 60_000)
      const v = await view("clock-exp-0001")
      expect(v.state).toBe("EXPIRED")
      expect(Date.parse(v.events[1].timestamp) - Date.now()).toBeGreaterThan(10 * 60_000)
    })
  })

  describe("deadlines (NOTES §4.3)", () => {
    it.each([
      [NOK.msn, "NO", 180],
      [DKK.msn, "DK", 14],
      [EUR.msn, "FI", 14],
    ])("MSN %s (%s): capture within %i days works, after it → 6100; cancel after it → 6030", async (msn, _market, days) => {
      const ok = `dl-ok-${msn}`
      const late = `dl-late-${msn}`
      for (const r of [ok, late]) {
        await create(r, 1000, msn)
        await control("POST", `/payments/${r}/approve`, { msn })
      }
      await advance(days * DAY - 60_000)
      expect((await modify(msn, ok, "capture", 100)).status).toBe(200)
      await advance(2 * 60_000)
      const capture = await modify(msn, late, "capture", 100)
      expect([capture.status, errorCode(capture.body)]).toEqual([400, "6100"])
      const cancel = await modify(msn, late, "cancel")
      expect([cancel.status, errorCode(cancel.body)]).toEqual([400, "6030"])
      const events = (await control("GET", `/payments/${late}?msn=${msn}`)).body.events
      expect(events.slice(2).map((e: { name: string; success: boolean }) => `${e.name}:${e.success}`)).toEqual(["CAPTURED:false", "CANCELLED:false"])
    })

    it("refunds work up to 365 days after approval, then → 6220", async () => {
      await create("dl-refund-01", 1000)
      await control("POST", "/payments/dl-refund-01/approve")
      expect((await modify(NOK.msn, "dl-refund-01", "capture", 1000)).status).toBe(200)
      await advance(365 * DAY - 60_000)
      expect((await modify(NOK.msn, "dl-refund-01", "refund", 100)).status).toBe(200)
      await advance(2 * 60_000)
      const late = await modify(NOK.msn, "dl-refund-01", "refund", 100)
      expect([late.status, errorCode(late.body)]).toEqual([400, "6220"])
    })
  })

  describe("the customer's bank at capture time (control API, UPDATES-2026)", () => {
    const capture = (reference: string, value: number, key: string) =>
      clients[NOK.msn]("POST", `/epayment/v1/payments/${reference}/capture`, { modificationAmount: { value, currency: "NOK" } }, { "Idempotency-Key": key })

    it("6260 funds unavailable: every capture refused (HTTP 400 by default), final, logged as a failed CAPTURED", async () => {
      await create("bank-6260-01", 1000)
      await control("POST", "/payments/bank-6260-01/approve")
      expect((await control("POST", "/payments/bank-6260-01/capture-error", { code: "6260" })).body.fundsReleased).toBe(true)
      const first = await capture("bank-6260-01", 500, "k-6260-a")
      expect([first.status, errorCode(first.body), first.body.title]).toEqual([400, "6260", "Funds unavailable"])
      // The same key replays the refusal; a new key is refused too: the reservation is gone.
      expect(errorCode((await capture("bank-6260-01", 500, "k-6260-a")).body)).toBe("6260")
      expect(errorCode((await capture("bank-6260-01", 500, "k-6260-b")).body)).toBe("6260")
      const v = await view("bank-6260-01")
      expect(v.aggregate.capturedAmount.value).toBe(0)
      expect(v.events.slice(2).map((e: { name: string; success: boolean }) => `${e.name}:${e.success}`)).toEqual(["CAPTURED:false", "CAPTURED:false"])
    })

    it("6280 for the next N captures (HTTP 500 by default), then the same key captures once; any status is accepted", async () => {
      await create("bank-6280-01", 1000)
      await control("POST", "/payments/bank-6280-01/approve")
      await control("POST", "/payments/bank-6280-01/capture-error", { code: "6280", count: 2, status: 400 })
      const refused = await capture("bank-6280-01", 500, "k-6280")
      expect([refused.status, errorCode(refused.body), refused.body.title]).toEqual([400, "6280", "Capture failed, please try again later"])
      // Not the key's outcome, even as a 4xx: the same key is tried again, not replayed.
      expect(errorCode((await capture("bank-6280-01", 500, "k-6280")).body)).toBe("6280")
      expect((await capture("bank-6280-01", 500, "k-6280")).status).toBe(200)
      expect((await capture("bank-6280-01", 500, "k-6280")).status).toBe(200) // replayed, not captured twice
      const v = await view("bank-6280-01")
      expect(v.aggregate.capturedAmount.value).toBe(500)
      expect(v.events.filter((e: { name: string; success: boolean }) => e.name === "CAPTURED" && e.success)).toHaveLength(1)

      await control("POST", "/payments/bank-6280-01/capture-error", { code: "6280" })
      expect((await capture("bank-6280-01", 100, "k-6280-2")).status).toBe(500)
    })

    it("refuses other codes and bad counts or statuses", async () => {
      await create("bank-bad-01", 1000)
      expect((await control("POST", "/payments/bank-bad-01/capture-error", { code: "6100" })).status).toBe(400)
      expect((await control("POST", "/payments/bank-bad-01/capture-error", { code: "6280", count: 0 })).status).toBe(400)
      expect((await control("POST", "/payments/bank-bad-01/capture-error", { code: "6260", status: 302 })).status).toBe(400)
    })
  })

  describe("magic amounts (NOTES §9)", () => {
    const landingApprove = async (reference: string) => {
      const token = (await view(reference)).redirectToken
      const r = await fetch(`${sandbox.url}/landing/approve`, { method: "POST", body: new URLSearchParams({ token }), redirect: "manual" })
      return { status: r.status, html: await r.text() }
    }

    it.each([
      [151, "insufficient funds"],
      [182, "refused by issuer"],
      [183, "suspected fraud"],
      [184, "withdrawal limit exceeded"],
      [186, "expired card"],
      [187, "invalid card"],
      [197, "3-D Secure denied"],
      [202, "SCA required"],
    ])("%i: the shopper's approval is declined (%s); the payment stays CREATED with a failed AUTHORIZED event", async (value, reason) => {
      const reference = `magic-${value}-no`
      await create(reference, value)
      const page = await landingApprove(reference)
      expect(page.status).toBe(200)
      expect(page.html).toContain(`Payment failed: ${reason}`)
      const v = await view(reference)
      expect(v.state).toBe("CREATED")
      expect(v.events.map((e: { name: string; success: boolean }) => `${e.name}:${e.success}`)).toEqual(["CREATED:true", "AUTHORIZED:false"])
      // the control API plays the same shopper
      expect((await control("POST", `/payments/${reference}/approve`)).body.approval).toEqual({ kind: "declined", reason })
      // the shopper can still reject
      expect((await control("POST", `/payments/${reference}/reject`)).body.state).toBe("ABORTED")
    })

    it("197 and 202 are Norwegian only; force approve does not simulate magic amounts", async () => {
      await create("magic-197-dk", 197, DKK.msn)
      expect((await control("POST", "/payments/magic-197-dk/approve", { msn: DKK.msn })).body.state).toBe("AUTHORIZED")
      await create("magic-151-force", 151)
      const forced = await clients[NOK.msn]("POST", "/epayment/v1/test/payments/magic-151-force/approve", { customer: { phoneNumber: "4791234567" } })
      expect(forced.status).toBe(200)
      expect((await view("magic-151-force")).state).toBe("AUTHORIZED")
    })

    it("201: the result is unknown for an hour (cancel → 6250), then the payment expires", async () => {
      await create("magic-201-no", 201)
      expect((await control("POST", "/payments/magic-201-no/approve")).body.approval.kind).toBe("processing")
      await advance(30 * 60_000) // past the usual 10 minutes: still undecided
      expect((await view("magic-201-no")).state).toBe("CREATED")
      const cancel = await modify(NOK.msn, "magic-201-no", "cancel")
      expect([cancel.status, errorCode(cancel.body)]).toEqual([400, "6250"])
      await advance(31 * 60_000)
      expect((await view("magic-201-no")).state).toBe("EXPIRED")
    })

    it("refund 123 cannot be refunded (5100), refund 124 has an expired refund period (6220)", async () => {
      await create("magic-refund-1", 1000)
      await control("POST", "/payments/magic-refund-1/approve")
      expect((await modify(NOK.msn, "magic-refund-1", "capture", 1000)).status).toBe(200)
      const r123 = await modify(NOK.msn, "magic-refund-1", "refund", 123)
      expect([r123.status, errorCode(r123.body)]).toEqual([400, "5100"])
      const r124 = await modify(NOK.msn, "magic-refund-1", "refund", 124)
      expect([r124.status, errorCode(r124.body)]).toEqual([400, "6220"])
      expect((await modify(NOK.msn, "magic-refund-1", "refund", 125)).status).toBe(200)
      const v = await view("magic-refund-1")
      expect(v.aggregate.refundedAmount.value).toBe(125)
      expect(v.events.slice(3).map((e: { name: string; amount: { value: number }; success: boolean }) => `${e.name}:${e.amount.value}:${e.success}`)).toEqual(["REFUNDED:123:false", "REFUNDED:124:false", "REFUNDED:125:true"])
    })
  })
})
