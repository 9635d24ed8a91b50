import { captureDeadlineOfPayment, withAuthorization, withCaptureGuarantee, withPayment, type VippsSessionData } from "../session-data"
import { parseVippsOptions } from "../options"

// The capture deadline (issue 22, item 1): the earlier of the market's period and Vipps's
// captureGuaranteedUntil (UPDATES-2026.md), which may be absent.
const session = (currency: string, extra: Partial<VippsSessionData> = {}): VippsSessionData => ({
  session_id: "payses_1",
  reference: "demo-1",
  state: "AUTHORIZED",
  amount: 10000,
  currency,
  authorized_at: "2026-12-01T10:00:00.000Z",
  ...extra,
})

describe("capture deadline", () => {
  it("without captureGuaranteedUntil: the market's period (NOK 180 days, DKK/EUR 14 days), as before", () => {
    expect(withAuthorization(session("NOK"))).toMatchObject({ capture_period_ends: "2027-05-30T10:00:00.000Z", capture_deadline: "2027-05-30T10:00:00.000Z" })
    for (const currency of ["DKK", "EUR"]) {
      const s = withAuthorization(session(currency), null)
      expect([s.capture_deadline, s.capture_period_ends, s.capture_guaranteed_until]).toEqual(["2026-12-15T10:00:00.000Z", "2026-12-15T10:00:00.000Z", undefined])
    }
  })

  it("an earlier captureGuaranteedUntil is the deadline; a later one leaves the market's period", () => {
    const early = withAuthorization(session("NOK"), "2026-12-08T10:00:00Z")
    expect(early).toMatchObject({ capture_deadline: "2026-12-08T10:00:00.000Z", capture_guaranteed_until: "2026-12-08T10:00:00.000Z", capture_period_ends: "2027-05-30T10:00:00.000Z" })
    const late = withAuthorization(session("DKK"), "2027-01-30T00:00:00Z")
    expect(late).toMatchObject({ capture_deadline: "2026-12-15T10:00:00.000Z", capture_guaranteed_until: "2027-01-30T00:00:00.000Z" })
  })

  it("a guarantee arriving after the authorization (GET, webhook) moves the deadline; an absent or invalid one changes nothing", () => {
    const authorized = withAuthorization(session("NOK"))
    const later = withPayment(authorized, { state: "AUTHORIZED", captureGuaranteedUntil: "2026-12-05T00:00:00+01:00" })
    expect(later.capture_deadline).toBe("2026-12-04T23:00:00.000Z")
    expect(withPayment(later, { state: "AUTHORIZED" }).capture_deadline).toBe("2026-12-04T23:00:00.000Z")
    expect(withCaptureGuarantee(authorized, "not a date")).toEqual(authorized)
    expect(withCaptureGuarantee(authorized, undefined)).toEqual(authorized)
    // A second authorization read keeps the stored guarantee.
    expect(withAuthorization(later).capture_deadline).toBe("2026-12-04T23:00:00.000Z")
  })

  it("payments stored before this change (capture_deadline = the market's period) keep it as the period", () => {
    const old = session("DKK", { capture_deadline: "2026-12-15T10:00:00.000Z" })
    const s = withAuthorization(old, "2026-12-10T00:00:00Z")
    expect(s).toMatchObject({ capture_period_ends: "2026-12-15T10:00:00.000Z", capture_deadline: "2026-12-10T00:00:00.000Z" })
  })

  it("for the go-live report: from GET payment and the event log, only while something is left to capture", () => {
    const amount = (value: number) => ({ value, currency: "EUR" })
    const payment = (captured: number, guarantee?: string) => ({
      amount: amount(1000),
      aggregate: { authorizedAmount: amount(1000), capturedAmount: amount(captured), refundedAmount: amount(0), cancelledAmount: amount(0) },
      ...(guarantee ? { captureGuaranteedUntil: guarantee } : {}),
    })
    const events = [
      { name: "CREATED", success: true, timestamp: "2026-12-01T09:59:00Z" },
      { name: "AUTHORIZED", success: true, timestamp: "2026-12-01T10:00:00Z" },
    ]
    expect(captureDeadlineOfPayment(payment(0), events)).toBe("2026-12-15T10:00:00.000Z")
    expect(captureDeadlineOfPayment(payment(0, "2026-12-03T00:00:00Z"), events)).toBe("2026-12-03T00:00:00.000Z")
    expect(captureDeadlineOfPayment(payment(1000), events)).toBeUndefined()
    expect(captureDeadlineOfPayment(payment(0), events.slice(0, 1))).toBeUndefined()
  })

  it("option captureDeadlineWarningDays: default 3, whole days 0–30", () => {
    const base = { environment: "test", merchantSerialNumber: "123456", clientId: "c", clientSecret: "s", subscriptionKey: "k", returnUrl: "https://shop.example/r" }
    expect(parseVippsOptions(base).captureDeadlineWarningDays).toBe(3)
    expect(parseVippsOptions({ ...base, captureDeadlineWarningDays: 7 }).captureDeadlineWarningDays).toBe(7)
    for (const bad of [-1, 31, 1.5, "3"]) expect(() => parseVippsOptions({ ...base, captureDeadlineWarningDays: bad })).toThrow(/captureDeadlineWarningDays/)
  })
})
