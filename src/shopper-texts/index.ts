/**
 * The shopper texts: one catalogue of every sentence a shopper can see (failure messages, the
 * return page, button captions, express texts, what is sent to Vipps for the app), in English,
 * Norwegian, Danish, Finnish and Swedish, and the choice of language and brand (MobilePay
 * becomes Vipps in Denmark and Finland on 12 January 2027).
 *
 * Pure data and small functions: it imports nothing, so both the server layers and the browser
 * kit (src/storefront) use it. See docs/languages-and-brands.md.
 */
export {
  chooseShopperLanguage,
  languageOfCurrency,
  languageOfTag,
  SHOPPER_LANGUAGES,
  type ShopperLanguage,
} from "./languages"
export {
  appName,
  brandFor,
  marketOfCurrency,
  MOBILEPAY_BECOMES_VIPPS,
  VIPPS_BRAND_SETTINGS,
  type VippsBrand,
  type VippsBrandSetting,
  type VippsMarketCode,
} from "./brands"
export {
  buttonCaption,
  isShopperCode,
  SHOPPER_TEXTS,
  shopperCodeOf,
  shopperText,
  type ShopperCatalogue,
  type ShopperCode,
  type ShopperNotice,
  type ShopperTextKey,
  type ShopperTextParams,
  type ShopperVoice,
} from "./texts"
export { shopperVoice } from "./voice"
