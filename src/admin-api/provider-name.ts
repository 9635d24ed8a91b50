import { VIPPS_PROVIDER_PREFIX } from "../sales-units"

/**
 * How a provider registration is named in the admin: "Vipps MobilePay (NOK)" rather than
 * `pp_vipps_vipps`: the currency tells support which sales unit it is. Without a currency
 * (not enabled in any region yet) the registration id stands in: "Vipps MobilePay (vipps)".
 */
export function providerName(providerId: string, currencies: string[]): string {
  const unique = [...new Set(currencies.map((c) => c.toUpperCase()))]
  const detail = unique.length ? unique.join(", ") : providerId.replace(VIPPS_PROVIDER_PREFIX, "")
  // A card registration of the same sales unit (docs/card-payments.md: its id ends in "card")
  // must not read like the app's: "Vipps MobilePay Card (NOK)".
  return `Vipps MobilePay${isCardRegistration(providerId) ? " Card" : ""} (${detail})`
}

/** The id convention of card registrations (pp_vipps_vipps-card, pp_vipps_card), as the storefront kit reads it. */
const isCardRegistration = (providerId: string) => /^pp_vipps_(?:.*[-_])?card$/i.test(providerId)

export { providerCurrencies } from "../sales-units"
