import { VippsStorefrontError } from "./errors"
import { kitVoice } from "./texts"
import type { VippsMarket } from "./types"
import { shopperText, type ShopperVoice } from "../shopper-texts"

/** The one currency of each market's sales units (a Vipps sales unit takes its market's currency only). */
const MARKET_BY_CURRENCY: Record<string, VippsMarket> = { nok: "NO", dkk: "DK", eur: "FI" }

export const VIPPS_PROVIDER_PREFIX = "pp_vipps_"

/**
 * NO for NOK, DK for DKK, FI for EUR; a VippsStorefrontError for any other currency (its
 * message for the shopper in `voice`, the developer's explanation in `detail`).
 */
export function marketForCurrency(currencyCode: string, voice?: ShopperVoice): VippsMarket {
  const market = MARKET_BY_CURRENCY[currencyCode.toLowerCase()]
  if (!market) {
    throw new VippsStorefrontError(
      "unsupported_currency",
      shopperText("vipps_payment_unavailable", voice ?? kitVoice({}, { currency: currencyCode })),
      undefined,
      `Vipps MobilePay takes NOK, DKK and EUR; this cart is in ${currencyCode.toUpperCase()}.`
    )
  }
  return market
}

export const isVippsProvider = (providerId: string) => providerId.startsWith(VIPPS_PROVIDER_PREFIX)

/**
 * A card registration (`paymentMethod: "card"`), by the provider id convention the kit relies
 * on: its registration id ends in "card" (`pp_vipps_vipps-card`, `pp_vipps_card`,
 * `pp_vipps_mobilepay_card`). The storefront only sees provider ids, so it is the name that
 * tells Card from the app (docs/card-payments.md).
 */
export const isVippsCardProvider = (providerId: string) => isVippsProvider(providerId) && /^pp_vipps_(?:.*[-_])?card$/i.test(providerId)

/** What the shopper pays with through a Vipps MobilePay provider: the app ("wallet") or the card form ("card"). */
export type VippsPaymentMethod = "wallet" | "card"

/** The Vipps MobilePay provider ids of one kind (wallet: the app's; card: the card registrations'). */
export const vippsProvidersFor = (providerIds: string[], method: VippsPaymentMethod) =>
  providerIds.filter((id) => isVippsProvider(id) && isVippsCardProvider(id) === (method === "card"))

/**
 * The Vipps MobilePay provider to pay a cart with, from the provider ids enabled on its region.
 * A region has one currency, so normally exactly one Vipps provider is enabled on it (the sales
 * unit of that market). With several, `preferred` decides: a provider id, or one per currency
 * (`{ nok: "pp_vipps_vipps", dkk: "pp_vipps_mobilepay" }`).
 */
export function chooseVippsProvider(
  regionProviderIds: string[],
  currencyCode: string,
  preferred?: string | Partial<Record<string, string>>,
  voice: ShopperVoice = kitVoice({}, { currency: currencyCode }),
  method: VippsPaymentMethod = "wallet"
): string {
  marketForCurrency(currencyCode, voice)
  // The shopper reads that Vipps/MobilePay (or Card) is not available here; the developer reads `detail`.
  const unavailable = shopperText(method === "card" ? "vipps_card_unavailable" : "vipps_payment_unavailable", voice)
  // The app's button never starts a card registration, nor the card button an app one.
  const vipps = vippsProvidersFor(regionProviderIds, method)
  const wanted = typeof preferred === "string" ? preferred : preferred?.[currencyCode.toLowerCase()]
  if (wanted) {
    if (vipps.includes(wanted)) return wanted
    throw new VippsStorefrontError(
      "no_provider",
      unavailable,
      undefined,
      `The provider ${wanted} is not enabled on the cart's region (enabled: ${vipps.join(", ") || "no Vipps MobilePay provider"}).`
    )
  }
  if (vipps.length === 1) return vipps[0]
  if (!vipps.length) {
    throw new VippsStorefrontError(
      "no_provider",
      unavailable,
      undefined,
      method === "card"
        ? `The cart's region has no Vipps MobilePay card provider (an id ending in "card", e.g. pp_vipps_vipps-card). Register one with paymentMethod "card" and enable it on the region in the Medusa admin.`
        : `The cart's region has no Vipps MobilePay payment provider. Enable the ${currencyCode.toUpperCase()} sales unit's provider (pp_vipps_…) on the region in the Medusa admin.`
    )
  }
  throw new VippsStorefrontError(
    "several_providers",
    unavailable,
    undefined,
    `The cart's region has several Vipps MobilePay ${method === "card" ? "card " : ""}providers (${vipps.join(", ")}); say which one to use (providerId).`
  )
}

/**
 * Which Vipps MobilePay buttons a checkout shows for a region: the app's provider and the card
 * provider, each when exactly one is enabled (several of a kind: pass providerId to start one).
 */
export function vippsPaymentChoices(regionProviderIds: string[]): { wallet?: string; card?: string } {
  const one = (ids: string[]) => (ids.length === 1 ? ids[0] : undefined)
  const wallet = one(vippsProvidersFor(regionProviderIds, "wallet"))
  const card = one(vippsProvidersFor(regionProviderIds, "card"))
  return { ...(wallet ? { wallet } : {}), ...(card ? { card } : {}) }
}
