/**
 * Which app the shopper pays with, by market and date. Norway has always been Vipps. In Denmark
 * and Finland the app is MobilePay until 11 January 2027 and Vipps from 12 January 2027 (local
 * midnight), with the same blue colour (../shared/vipps/UPDATES-2026.md, "The brand change").
 * Decided whenever a text or a button is made, so the switch needs no redeploy.
 */
export type VippsBrand = "vipps" | "mobilepay"
/** "auto" follows the market and the date; "vipps" / "mobilepay" force one brand. */
export type VippsBrandSetting = "auto" | VippsBrand
export type VippsMarketCode = "NO" | "DK" | "FI"

export const VIPPS_BRAND_SETTINGS: readonly VippsBrandSetting[] = ["auto", "vipps", "mobilepay"]

/**
 * The first instant of Vipps in each market that had MobilePay: 12 January 2027 00:00 local
 * time. January is winter time in both: Copenhagen UTC+1, Helsinki UTC+2.
 */
export const MOBILEPAY_BECOMES_VIPPS: Readonly<Record<"DK" | "FI", Date>> = Object.freeze({
  DK: new Date("2027-01-11T23:00:00Z"), // 2027-01-12 00:00 Europe/Copenhagen
  FI: new Date("2027-01-11T22:00:00Z"), // 2027-01-12 00:00 Europe/Helsinki
})

const BY_CURRENCY: Record<string, VippsMarketCode> = { nok: "NO", dkk: "DK", eur: "FI" }

/** NO for NOK, DK for DKK, FI for EUR; undefined for any other currency. */
export function marketOfCurrency(currency: string | null | undefined): VippsMarketCode | undefined {
  return typeof currency === "string" ? BY_CURRENCY[currency.toLowerCase()] : undefined
}

/** The brand of the app in the shopper's hand, in `market`, at `now` (unless `setting` forces one). */
export function brandFor(
  market: VippsMarketCode | undefined,
  options: { setting?: VippsBrandSetting | null; now?: Date } = {}
): VippsBrand {
  if (options.setting === "vipps" || options.setting === "mobilepay") return options.setting
  if (market !== "DK" && market !== "FI") return "vipps"
  const now = options.now ?? new Date()
  return now.getTime() < MOBILEPAY_BECOMES_VIPPS[market].getTime() ? "mobilepay" : "vipps"
}

/** The app's name as shoppers know it: "Vipps" or "MobilePay" (never the company, "Vipps MobilePay"). */
export const appName = (brand: VippsBrand): string => (brand === "mobilepay" ? "MobilePay" : "Vipps")
