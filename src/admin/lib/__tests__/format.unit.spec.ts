import { formatMoney, formatTime, statusColor, withoutFinalStop } from "../format"
import { describeError } from "../vipps-types"

// The outputs Medusa's own order page shows for the same values (dashboard getLocaleAmount and
// date-fns "dd MMM, yyyy, HH:mm:ss"), in the locales and time zone given.
// Intl separates symbol and amount with a no-break space; compare with plain spaces.
const plain = (text: string) => text.replace(/\s/g, " ")

describe("admin formatting matches Medusa's order page", () => {
  it("money: narrow currency symbol in the browser's locale, exact decimals", () => {
    expect(plain(formatMoney("NOK", "348.00", ["en-US"]))).toBe("kr 348.00")
    expect(plain(formatMoney("DKK", "1234567.05", ["en-US"]))).toBe("kr 1,234,567.05")
    expect(plain(formatMoney("EUR", "0.10", ["en-US"]))).toBe("€0.10")
    expect(plain(formatMoney("NOK", "848.00", ["nb-NO"]))).toBe("848,00 kr")
    // The largest amount Vipps takes, to the øre.
    expect(plain(formatMoney("NOK", "650000.01", ["en-US"]))).toBe("kr 650,000.01")
  })

  it("times: day, English month, year and a 24-hour clock in the browser's time zone", () => {
    expect(formatTime("2026-12-01T05:54:38.000Z", undefined, "Europe/Oslo")).toBe("01 Dec, 2026, 06:54:38")
    expect(formatTime("2027-05-30T22:05:09.000Z", undefined, "UTC")).toBe("30 May, 2027, 22:05:09")
    expect(formatTime("2026-01-09T00:00:00.000Z", undefined, "UTC")).toBe("09 Jan, 2026, 00:00:00")
    expect(formatTime(null)).toBe("–")
  })

  it("badges: Medusa's colours for the same payment status (the words are texts status.<status>)", () => {
    expect(statusColor("authorized")).toBe("orange")
    expect(statusColor("partially_captured")).toBe("orange")
    expect(statusColor("captured")).toBe("green")
    expect(statusColor("partially_refunded")).toBe("orange")
    expect(statusColor("refunded")).toBe("red")
    expect(statusColor("released")).toBe("red")
    expect(statusColor("something_new")).toBe("grey")
  })

  it("an error quoted in a sentence keeps one full stop", () => {
    expect(withoutFinalStop("Vipps MobilePay is not available right now, try again.")).toBe("Vipps MobilePay is not available right now, try again")
    const reason = describeError({ message: "Vipps MobilePay is not available right now, try again.", trace_id: "00-abc" })
    expect(`Showing the last stored amounts because Vipps MobilePay could not be reached: ${reason}.`).toBe(
      "Showing the last stored amounts because Vipps MobilePay could not be reached: Vipps MobilePay is not available right now, try again (trace 00-abc)."
    )
  })
})
