import { deadlineWarning, mergeEventLog } from "../event-log"
import { availableOf, statusOf } from "../payment-view"
import { maskSecret, maskedOptions } from "../settings"

const vippsEvent = (name: any, pspReference: string, value: number, timestamp: string) => ({
  reference: "demo-1", pspReference, name, amount: { value, currency: "NOK" }, timestamp, idempotencyKey: `key-${name}`, success: true,
})
const webhook = (name: string, psp_reference: string, amount: number, occurred_at: string, status = "processed") => ({
  name, psp_reference, amount, currency: "NOK", success: true, idempotency_key: null, occurred_at, created_at: occurred_at, status, error: null,
})

describe("admin event log", () => {
  it("merges Vipps events with webhook deliveries on pspReference + name, newest first", () => {
    const rows = mergeEventLog(
      [vippsEvent("CREATED", "p1", 10000, "2026-01-01T10:00:00Z"), vippsEvent("AUTHORIZED", "p2", 10000, "2026-01-01T10:01:00Z"), vippsEvent("CAPTURED", "p3", 4000, "2026-01-02T09:00:00Z")],
      [webhook("AUTHORIZED", "p2", 10000, "2026-01-01T10:01:00Z"), webhook("REFUNDED", "p4", 1500, "2026-01-03T09:00:00Z", "failed")],
      "NOK"
    )
    expect(rows.map((r) => [r.event, r.amount, r.source])).toEqual([
      ["REFUNDED", "15.00", "webhook"],
      ["CAPTURED", "40.00", "vipps"],
      ["AUTHORIZED", "100.00", "both"],
      ["CREATED", "100.00", "vipps"],
    ])
    expect(rows[2]).toMatchObject({ idempotency_key: "key-AUTHORIZED", webhook_status: "processed" })
    expect(rows[0]).toMatchObject({ webhook_status: "failed", idempotency_key: null })
  })

  it("warns about the capture deadline within 3 days or when passed, only while something is capturable", () => {
    const now = new Date("2026-01-10T00:00:00Z")
    expect(deadlineWarning("2026-01-12T00:00:00Z", 100, now)).toBe("soon")
    expect(deadlineWarning("2026-01-09T00:00:00Z", 100, now)).toBe("passed")
    expect(deadlineWarning("2026-02-10T00:00:00Z", 100, now)).toBeNull()
    expect(deadlineWarning("2026-01-09T00:00:00Z", 0, now)).toBeNull()
    expect(deadlineWarning(undefined, 100, now)).toBeNull()
  })

  it("the warning window follows captureDeadlineWarningDays", () => {
    const now = new Date("2026-01-10T00:00:00Z")
    expect(deadlineWarning("2026-01-16T00:00:00Z", 100, now, 7)).toBe("soon")
    expect(deadlineWarning("2026-01-16T00:00:00Z", 100, now, 3)).toBeNull()
    expect(deadlineWarning("2026-01-10T12:00:00Z", 100, now, 0)).toBeNull()
    expect(deadlineWarning("2026-01-09T12:00:00Z", 100, now, 0)).toBe("passed")
  })

  it("badge status and available amounts follow Vipps's aggregate", () => {
    const a = (authorized: number, captured: number, refunded: number, cancelled: number) => ({ authorized, captured, refunded, cancelled })
    expect(statusOf("AUTHORIZED", a(100, 0, 0, 0))).toBe("authorized")
    expect(statusOf("AUTHORIZED", a(100, 40, 0, 0))).toBe("partially_captured")
    expect(statusOf("AUTHORIZED", a(100, 40, 0, 60))).toBe("captured")
    expect(statusOf("AUTHORIZED", a(100, 40, 15, 0))).toBe("partially_refunded")
    expect(statusOf("AUTHORIZED", a(100, 0, 0, 100))).toBe("released")
    expect(statusOf("CREATED", a(0, 0, 0, 0))).toBe("pending")
    expect(statusOf("EXPIRED", a(0, 0, 0, 0))).toBe("expired")
    expect(availableOf("AUTHORIZED", a(100, 40, 15, 0))).toEqual({ capture: 60, refund: 25, release: 60 })
    expect(availableOf("TERMINATED", a(100, 40, 0, 60))).toEqual({ capture: 0, refund: 40, release: 0 })
  })

  it("masks secrets in the settings", () => {
    expect(maskSecret("sandbox-nok-secret")).toBe("sand…cret")
    expect(maskSecret("short")).toBe("••••")
    const masked = maskedOptions({ clientId: "client-id-123", clientSecret: "sandbox-nok-secret", subscriptionKey: "sandbox-nok-key" } as any)
    expect(masked).toEqual({ clientId: "client-id-123", clientSecret: "sand…cret", subscriptionKey: "sand…-key" })
  })
})
