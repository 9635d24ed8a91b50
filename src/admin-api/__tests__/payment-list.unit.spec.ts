import { attentionConditions, listFilter, parsePaymentListQuery, searchTermsOf } from "../payment-list-query"
import { csvHeader, csvLine, toListRow } from "../payment-list"
import { nationalPhoneDigits, phoneWithCountry } from "../../modules/vipps/payment-attempts"

describe("payments page query parsing", () => {
  it("defaults: 20 rows from the first, JSON", () => {
    expect(parsePaymentListQuery({})).toEqual({ limit: 20, offset: 0, format: "json" })
  })

  it("states are a comma list, upper-cased and deduplicated; dates are inclusive UTC days", () => {
    const q = parsePaymentListQuery({ state: "authorized, ABORTED,authorized", created_from: "2026-12-01", created_to: "2026-12-06", limit: "100", offset: "40", attention: "any", format: "csv" })
    expect(q).toMatchObject({ states: ["AUTHORIZED", "ABORTED"], limit: 100, offset: 40, attention: "any", format: "csv" })
    expect(q.created_from!.toISOString()).toBe("2026-12-01T00:00:00.000Z")
    expect(q.created_before!.toISOString()).toBe("2026-12-07T00:00:00.000Z")
  })

  it("a day can start at the admin's midnight (a timestamp with its offset); created_to then ends 24 hours after its start", () => {
    const q = parsePaymentListQuery({ created_from: "2026-12-01T00:00:00+01:00", created_to: "2026-12-06T00:00:00+01:00" })
    expect(q.created_from!.toISOString()).toBe("2026-11-30T23:00:00.000Z")
    expect(q.created_before!.toISOString()).toBe("2026-12-06T23:00:00.000Z")
    expect(() => parsePaymentListQuery({ created_from: "2026-12-01T25:00:00Z" })).toThrow(/created_from must be an ISO date/)
    expect(() => parsePaymentListQuery({ created_from: "2026-12-01T00:00" })).toThrow(/with its offset/)
  })

  it.each([
    [{ state: "PAID" }, /unknown: PAID/],
    [{ limit: "0" }, /limit must be between 1 and 100, got 0/],
    [{ limit: "500" }, /limit must be between 1 and 100, got 500/],
    [{ limit: "ten" }, /limit must be a whole number/],
    [{ offset: "-3" }, /offset must be a whole number/],
    [{ created_from: "1.12.2026" }, /created_from must be an ISO date such as 2026-12-06/],
    [{ created_from: "2026-12-06", created_to: "2026-12-01" }, /created_to is before created_from/],
    [{ attention: "everything" }, /attention must be "any" or one of authorized_without_order, capture_deadline_soon/],
    [{ format: "pdf" }, /format must be json or csv/],
    [{ q: ["a", "b"] }, /q may be given once/],
  ])("refuses %j with a clear message", (raw, message) => {
    expect(() => parsePaymentListQuery(raw as Record<string, unknown>)).toThrow(message)
  })
})

describe("one search box", () => {
  it("a display id with or without #", () => {
    expect(searchTermsOf("1042")).toMatchObject({ display_id: 1042 })
    expect(searchTermsOf("#1042")).toMatchObject({ display_id: 1042 })
    expect(searchTermsOf("#1042").email_prefix).toBeUndefined()
  })

  it("an email (lower-cased prefix) and a reference are not phone numbers", () => {
    expect(searchTermsOf("Kari.Nordmann@Example.NO")).toEqual({ text: "Kari.Nordmann@Example.NO", email_prefix: "kari.nordmann@example.no" })
    expect(searchTermsOf("demo-01JEXAMPLE").phone_digits).toBeUndefined()
  })

  it.each([
    ["+47 912 34 567", "91234567"],
    ["91234567", "91234567"],
    ["4791234567", "91234567"],
    ["004791234567", "91234567"],
    ["+45 20 12 34 56", "20123456"],
    ["+358 40 1234567", "401234567"],
    ["040 1234567", "401234567"],
    ["47123456", "47123456"], // a Norwegian number that starts with 47 stays itself
  ])("phone %s → national digits %s", (text, digits) => {
    expect(searchTermsOf(text).phone_digits).toBe(digits)
    expect(nationalPhoneDigits(text)).toBe(digits)
  })

  it("the phone kept for masking has its country code (the market's for a national number)", () => {
    expect(phoneWithCountry("91234567", "NOK")).toBe("4791234567")
    expect(phoneWithCountry("+47 912 34 567", "NOK")).toBe("4791234567")
    expect(phoneWithCountry("040 1234567", "EUR")).toBe("358401234567")
    expect(phoneWithCountry("+46 70 123 45 67", "NOK")).toBe("46701234567")
    expect(phoneWithCountry("12", "NOK")).toBeUndefined()
  })

  it("a search is an OR of the kinds the text can be, LIKE wildcards escaped", () => {
    const ctx = { now: new Date(), warningDays: {}, missingWebhookMsns: [] }
    const { sql, bindings } = listFilter({ q: "a_b%", limit: 20, offset: 0, format: "json" }, ctx)
    expect(sql).toBe(`("reference" = ? or "psp_reference" = ? or ("email" like ? and "email" is not null))`)
    expect(bindings).toEqual(["a_b%", "a_b%", "a\\_b\\%%"])
  })

  it("the deadline reason uses each provider's captureDeadlineWarningDays", () => {
    const now = new Date("2026-12-06T00:00:00Z")
    const { capture_deadline_soon: c } = attentionConditions({ now, warningDays: { pp_vipps_vipps: 3, pp_vipps_mobilepay: 7 }, missingWebhookMsns: [] })
    expect(c.sql).toMatch(/case when "provider_id" = any\(\?\) then "capture_deadline" <= \? else "capture_deadline" <= \? end/)
    expect(c.bindings).toEqual([new Date("2026-12-13T00:00:00Z"), ["pp_vipps_mobilepay"], new Date("2026-12-13T00:00:00Z"), new Date("2026-12-09T00:00:00Z")])
  })
})

describe("rows as the page and the CSV show them", () => {
  const stored = {
    reference: "demo-01J", psp_reference: "psp-1", session_id: "payses_01J", payment_id: "pay_1", provider_id: "pp_vipps_vipps", msn: "100001",
    cart_id: "cart_1", order_id: "order_1", order_display_id: 1042, email: "kari.nordmann@example.no", phone: "4791234567", phone_digits: "91234567",
    currency: "NOK", amount: 49800, authorized: 49800, captured: 19990, refunded: 1, cancelled: 0, medusa_captured: 19990, medusa_refunded: 1,
    state: "AUTHORIZED", capture_deadline: new Date("2027-06-04T10:00:00Z"), capture_refused: 0, completion: "order", last_event_at: null,
    created_at: new Date("2026-12-06T08:00:00Z"), attention: ["capture_deadline_soon" as const],
  }

  it("email and phone masked as on the order card, amounts exact in major units", () => {
    expect(toListRow(stored)).toEqual({
      reference: "demo-01J", psp_reference: "psp-1", session_id: "payses_01J", payment_id: "pay_1", provider_id: "pp_vipps_vipps",
      provider_name: "Vipps MobilePay (NOK)", msn: "100001", cart_id: "cart_1", order: { id: "order_1", display_id: 1042 },
      email: "k***@example.no", phone: "+47 ****4567", currency: "NOK", amount: "498.00", captured: "199.90", refunded: "0.01",
      state: "AUTHORIZED", capture_deadline: "2027-06-04T10:00:00.000Z", last_event_at: null, created_at: "2026-12-06T08:00:00.000Z",
      attention: ["capture_deadline_soon"],
    })
  })

  it("a CSV line per row, its header naming the same columns; cells quoted and formulas defused (a masked phone's + too)", () => {
    const header = csvHeader().trim().split(",")
    const line = csvLine(toListRow(stored))
    expect(line.endsWith("\r\n")).toBe(true)
    const cells = line.trim().split(",")
    expect(cells).toHaveLength(header.length)
    expect(Object.fromEntries(header.map((h, i) => [h, cells[i]]))).toMatchObject({ order_display_id: "1042", email: "k***@example.no", phone: `"'+47 ****4567"`, amount: "498.00", attention: "capture_deadline_soon" })
    expect(line).not.toContain("nordmann")
    const odd = csvLine(toListRow({ ...stored, psp_reference: '=HYPERLINK("x")', attention: ["capture_refused", "amount_mismatch"] }))
    expect(odd).toContain(`,"'=HYPERLINK(""x"")",`)
    expect(odd).toContain(`"capture_refused;amount_mismatch"`)
  })
})
