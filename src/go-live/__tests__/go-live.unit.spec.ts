import { PaymentRow, pickReferences, reportMarkdown, sendToVipps, shows } from ".."
import type { GoLiveReport } from ".."
import { parseGoLiveArgs } from "../../scripts/vipps-go-live"
import { EPAYMENT_WEBHOOK_EVENTS, SUBSCRIBED_WEBHOOK_EVENTS } from "../../vipps"
import { webhookRegistrationItem } from "../setup-checks"

const row = (reference: string, created: number, amounts: Partial<PaymentRow["amounts"]>, state = "AUTHORIZED"): PaymentRow => ({
  reference,
  state,
  amounts: { authorized: 10000, captured: 0, refunded: 0, cancelled: 0, ...amounts },
  created_at: new Date(Date.UTC(2026, 11, 1, 0, created)).toISOString(),
})

describe("go-live: which orders show which ending (production)", () => {
  it("reads the ending from the state and aggregate: captured, refunded, cancelled amounts above zero", () => {
    expect(shows("AUTHORIZED", row("a", 0, {}))).toBe(true)
    expect(shows("AUTHORIZED", row("a", 0, { authorized: 0 }, "TERMINATED"))).toBe(false)
    expect(shows("CAPTURED", row("a", 0, { captured: 1 }))).toBe(true)
    expect(shows("REFUNDED", row("a", 0, { captured: 100 }))).toBe(false)
    expect(shows("CANCELLED", row("a", 0, { cancelled: 6000, captured: 4000 }))).toBe(true)
  })

  it("picks distinct references, newest first, a CAPTURED one with nothing refunded, and leaves out what no order shows", () => {
    const rows = [
      row("old-captured", 1, { captured: 10000 }),
      row("refunded", 2, { captured: 10000, refunded: 3000 }),
      row("new-captured", 3, { captured: 10000 }),
      row("aborted", 4, { authorized: 0 }, "ABORTED"),
    ]
    const picked = pickReferences(rows)
    expect(Object.fromEntries(Object.entries(picked).map(([k, v]) => [k, v!.reference]))).toEqual({
      REFUNDED: "refunded",
      CAPTURED: "new-captured",
      AUTHORIZED: "old-captured",
    })
  })

  it("falls back to a reference already picked when one payment is the only example", () => {
    const picked = pickReferences([row("only", 1, { captured: 4000, refunded: 1000, cancelled: 6000 })])
    expect(Object.values(picked).map((p) => p!.reference)).toEqual(["only", "only", "only", "only"])
  })
})

describe("go-live report", () => {
  const report: GoLiveReport = {
    provider_id: "pp_vipps_vipps", mode: "production", environment: "production", base_url: "https://api.vipps.no", merchant_serial_number: "123456",
    started_at: "2026-12-01T12:00:00.000Z", finished_at: "2026-12-01T12:00:03.000Z", passed: false,
    items: [
      { id: "credentials", title: "Credentials (access token)", status: "fail", detail: "Vipps MobilePay did not issue an access token for these keys.", error: { message: "Vipps MobilePay rejected the API credentials", status: 401, trace_id: "00-abc-01" } },
      { id: "order_refunded", title: "An order's payment showing REFUNDED", status: "fail", detail: "Still missing | none", error: { message: "Still missing | none" } },
    ],
    references: [{ ends: "CAPTURED", reference: "acme-01ABC", amounts: { authorized: 200, captured: 200, refunded: 0, cancelled: 0 }, currency: "NOK", events: ["CREATED", "AUTHORIZED", "CAPTURED"], order_display_id: 7 }],
    missing: ["REFUNDED"],
    send_to_vipps: "",
  }

  it("says what to send Vipps, or what is still missing", () => {
    expect(sendToVipps(report)).toBe("Not complete yet: no order shows REFUNDED. Found so far: acme-01ABC (CAPTURED).")
    expect(sendToVipps({ ...report, mode: "test", passed: false })).toBe("Nothing to send yet: fix the failed items and run the check again.")
  })

  it("renders every item with Vipps's status and trace id, escapes table cells and lists the references", () => {
    const md = reportMarkdown(report)
    expect(md).toContain("| Credentials (access token) | FAIL | Vipps MobilePay did not issue an access token for these keys. — Vipps MobilePay rejected the API credentials (Vipps 401, trace 00-abc-01) |")
    expect(md).toContain("| An order's payment showing REFUNDED | FAIL | Still missing \\| none |")
    expect(md).toContain("| acme-01ABC | CAPTURED | authorized 200, captured 200, refunded 0, cancelled 0 NOK | CREATED → AUTHORIZED → CAPTURED | #7 |")
    expect(md).toContain("Still missing: REFUNDED.")
  })

  it("reads --provider and --phone, separate or with =, and medusa exec's positional provider=… phone=…", () => {
    expect(parseGoLiveArgs(["--provider", "mobilepay", "--phone=4791234567"])).toEqual({ provider: "mobilepay", phone: "4791234567" })
    expect(parseGoLiveArgs(["provider=vipps", "phone=4791234567"])).toEqual({ provider: "vipps", phone: "4791234567" })
    expect(parseGoLiveArgs(["--provider", "--phone", "47"])).toEqual({ provider: undefined, phone: "47" })
    expect(parseGoLiveArgs([])).toEqual({ provider: undefined, phone: undefined })
  })
})

describe("go-live: the webhook registration item", () => {
  const registered = (events: readonly string[]) => ({
    provider_id: "pp_vipps_vipps",
    url: "https://api.shop.example/hooks/vipps/vipps",
    status: "registered" as const,
    vipps_webhook_id: "wh_1",
    events: [...events],
    registered_at: "2026-12-01T12:00:00.000Z",
  })
  const options = { providerId: "pp_vipps_vipps", mode: "test" as const, webhookBaseUrl: "https://api.shop.example" }

  it("a new registration (the seven events that can change Medusa, not CREATED) passes: all 7 events registered", () => {
    expect(SUBSCRIBED_WEBHOOK_EVENTS).toHaveLength(7)
    expect(SUBSCRIBED_WEBHOOK_EVENTS).not.toContain("epayments.payment.created.v1")
    const item = webhookRegistrationItem(registered(SUBSCRIBED_WEBHOOK_EVENTS), options)
    expect(item).toMatchObject({ id: "webhook_registration", status: "pass" })
    expect(item.detail).toBe("Registered at https://api.shop.example/hooks/vipps/vipps for all 7 ePayment events the plugin uses.")
  })

  it("a registration an earlier version made with all eight events (CREATED too) still passes, and says how to drop CREATED", () => {
    expect(EPAYMENT_WEBHOOK_EVENTS).toHaveLength(8)
    const item = webhookRegistrationItem(registered(EPAYMENT_WEBHOOK_EVENTS), { ...options, mode: "production" })
    expect(item.status).toBe("pass")
    expect(item.detail).toMatch(/^Registered at https:\/\/api\.shop\.example\/hooks\/vipps\/vipps for all 7 ePayment events the plugin uses in production\. /)
    expect(item.detail).toContain("also subscribed to CREATED (registered by an earlier version)")
    expect(item.detail).toContain("register again with force to drop it")
  })

  it("a registration lacking a subscribed event fails and names it", () => {
    const withoutRefunded = SUBSCRIBED_WEBHOOK_EVENTS.filter((e) => e !== "epayments.payment.refunded.v1")
    const item = webhookRegistrationItem(registered(["epayments.payment.created.v1", ...withoutRefunded]), options)
    expect(item).toMatchObject({ status: "fail", detail: "The registration lacks the events epayments.payment.refunded.v1. Register again (register-vipps-webhooks force, or Re-register)." })
  })
})
