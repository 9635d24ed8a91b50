import { VIPPS_PROVIDER_PREFIX } from "../sales-units"

/**
 * How a provider registration is named in the admin: "Vipps MobilePay (NOK)" rather than
 * `pp_vipps_vipps`: the currency tells support which sales unit it is. Without a currency
 * (not enabled in any region yet) the registration id stands in: "Vipps MobilePay (vipps)".
 */
export function providerName(providerId: string, currencies: string[]): string {
  const unique = [...new Set(currencies.map((c) => c.toUpperCase()))]
  const detail = unique.length ? unique.join(", ") : providerId.replace(VIPPS_PROVIDER_PREFIX, "")
  return `Vipps MobilePay (${detail})`
}

export { providerCurrencies } from "../sales-units"
