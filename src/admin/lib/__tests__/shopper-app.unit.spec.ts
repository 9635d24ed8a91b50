import { VIPPS_APP_FROM, shopperApp } from "../shopper-app"

// The app the shopper paid in, by the payment's market (its currency) and date: Denmark and
// Finland switch from MobilePay to Vipps at local midnight starting 12 January 2027.
describe("shopperApp", () => {
  const now = new Date("2026-06-01T12:00:00Z")

  it("Denmark: MobilePay until Copenhagen midnight (23:00 UTC on 11 January), Vipps from then", () => {
    expect(shopperApp("DKK", "2027-01-11T22:59:59.999Z", now)).toBe("MobilePay")
    expect(shopperApp("DKK", "2027-01-11T23:00:00.000Z", now)).toBe("Vipps")
    expect(shopperApp("dkk", "2026-12-24T10:00:00Z", now)).toBe("MobilePay")
    expect(shopperApp("DKK", "2027-03-01T10:00:00Z", now)).toBe("Vipps")
  })

  it("Finland: MobilePay until Helsinki midnight (22:00 UTC on 11 January), Vipps from then", () => {
    expect(shopperApp("EUR", "2027-01-11T21:59:59.999Z", now)).toBe("MobilePay")
    expect(shopperApp("EUR", "2027-01-11T22:00:00.000Z", now)).toBe("Vipps")
    // The same instant is already 12 January in Helsinki, still 11 January in Copenhagen.
    expect(shopperApp("DKK", "2027-01-11T22:30:00.000Z", now)).toBe("MobilePay")
    expect(shopperApp("EUR", "2027-01-11T22:30:00.000Z", now)).toBe("Vipps")
  })

  it("Norway: always Vipps", () => {
    expect(shopperApp("NOK", "2020-01-01T00:00:00Z", now)).toBe("Vipps")
    expect(shopperApp("NOK", "2027-01-11T22:00:00Z", now)).toBe("Vipps")
    expect(shopperApp("NOK", null, now)).toBe("Vipps")
  })

  it("a payment without a date yet: decided by now", () => {
    expect(shopperApp("DKK", null, new Date(VIPPS_APP_FROM.DK - 1))).toBe("MobilePay")
    expect(shopperApp("DKK", undefined, new Date(VIPPS_APP_FROM.DK))).toBe("Vipps")
    expect(shopperApp("EUR", null, new Date(VIPPS_APP_FROM.FI - 1))).toBe("MobilePay")
    expect(shopperApp("EUR", "not a date", new Date(VIPPS_APP_FROM.FI))).toBe("Vipps")
  })

  it("a currency no Vipps MobilePay market takes: no app named", () => {
    expect(shopperApp("SEK", "2027-02-01T00:00:00Z", now)).toBeNull()
  })
})
