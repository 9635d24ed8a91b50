// Which app the shopper paid in, for the card ("Customer's app: MobilePay"). Vipps MobilePay
// (the company) runs one app per market: Vipps in Norway, and in Denmark and Finland MobilePay
// until the app becomes Vipps there on 12 January 2027.

export type ShopperApp = "Vipps" | "MobilePay"

/** A sales unit's market from its one currency (as src/storefront/market.ts). */
const MARKET_BY_CURRENCY: Record<string, "NO" | "DK" | "FI"> = { NOK: "NO", DKK: "DK", EUR: "FI" }

/**
 * Midnight starting 12 January 2027 where the payment was made: Europe/Copenhagen (CET, UTC+1)
 * and Europe/Helsinki (EET, UTC+2); no daylight saving time in January.
 */
export const VIPPS_APP_FROM = {
  DK: Date.parse("2027-01-12T00:00:00+01:00"),
  FI: Date.parse("2027-01-12T00:00:00+02:00"),
} as const

/**
 * The app of a payment in `currency` made at `madeAt` (for a payment not made yet, `now`):
 * Norway always Vipps; Denmark and Finland MobilePay before 12 January 2027 (local midnight),
 * Vipps from then. Null for a currency no Vipps MobilePay market takes.
 */
export function shopperApp(currency: string, madeAt?: string | Date | null, now: Date = new Date()): ShopperApp | null {
  const market = MARKET_BY_CURRENCY[currency.toUpperCase()]
  if (!market) return null
  if (market === "NO") return "Vipps"
  const time = madeAt ? new Date(madeAt).getTime() : now.getTime()
  const at = Number.isNaN(time) ? now.getTime() : time
  return at >= VIPPS_APP_FROM[market] ? "Vipps" : "MobilePay"
}
