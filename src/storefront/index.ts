/**
 * medusa-payment-vipps/storefront: Vipps MobilePay in a storefront that uses @medusajs/js-sdk.
 * Runs in the browser (and in server components / server actions): it imports nothing, the
 * js-sdk `Medusa` instance comes in as a parameter. The React button is in ./react
 * (medusa-payment-vipps/storefront/react), so React is not needed for anything here.
 *
 *   const { redirect_url } = await startVippsPayment(sdk, cart)   // on the button's click
 *   location.assign(redirect_url)
 *   …
 *   const result = await waitForVippsPayment(sdk, vippsReturnParams(location.search)!) // return page
 *
 *   const { redirect_url } = await startVippsExpress(sdk, { variantId, regionId }) // "Kjøp nå med Vipps"
 *   const { redirect_url } = await startVippsPayment(sdk, cart, { method: "card" }) // "Pay by card" (card registration)
 *
 * Texts for the shopper (errors, return-page messages, button captions) come from the plugin's
 * one catalogue (src/shopper-texts) in en, nb, da, fi and sv; `language` and `brand` options
 * choose them (docs/languages-and-brands.md).
 */
export type { MedusaStoreClient, StoreHeaders, VippsCart, VippsMarket, VippsPaymentCheck, VippsPaymentStatus } from "./types"
export { VippsStorefrontError, type VippsStorefrontErrorCode } from "./errors"
export {
  chooseVippsProvider,
  isVippsCardProvider,
  isVippsProvider,
  marketForCurrency,
  VIPPS_PROVIDER_PREFIX,
  vippsPaymentChoices,
  type VippsPaymentMethod,
} from "./market"
export { startVippsPayment, type StartVippsPaymentOptions, type VippsPaymentStart } from "./start-payment"
export { startVippsExpress, type StartVippsExpressOptions, type VippsExpressStart, type VippsExpressTarget } from "./express"
export {
  checkVippsPayment,
  GAVE_UP_MESSAGE,
  pollVippsPayment,
  VIPPS_POLLING,
  vippsReturnParams,
  waitForVippsPayment,
  type PollVippsPaymentOptions,
  type VippsPollOutcome,
  type VippsPollResult,
} from "./return-status"
export { vippsText, type VippsVoiceOptions } from "./texts"
// The shopper texts the kit shares with the plugin's server (one catalogue, five languages).
export {
  brandFor as vippsBrandFor,
  languageOfTag as vippsLanguageOfTag,
  MOBILEPAY_BECOMES_VIPPS,
  SHOPPER_LANGUAGES as VIPPS_SHOPPER_LANGUAGES,
  SHOPPER_TEXTS as VIPPS_SHOPPER_TEXTS,
  type ShopperCode as VippsShopperCode,
  type ShopperLanguage as VippsShopperLanguage,
  type ShopperTextKey as VippsShopperTextKey,
  type VippsBrand,
  type VippsBrandSetting,
} from "../shopper-texts"
export {
  createVippsButton,
  VIPPS_BRAND_COLOURS,
  vippsButtonHtml,
  vippsButtonSpec,
  type VippsButtonOptions,
  type VippsButtonSpec,
} from "./button"
export {
  CARD_ICON_SVG,
  createVippsCardButton,
  vippsCardButtonHtml,
  vippsCardButtonSpec,
  type VippsCardButtonOptions,
  type VippsCardButtonSpec,
} from "./card-button"
