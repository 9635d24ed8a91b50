import { brandFor, marketOfCurrency, type VippsBrandSetting } from "./brands"
import { chooseShopperLanguage } from "./languages"
import type { ShopperVoice } from "./texts"

/**
 * Language and brand for one shopper: the language from what the storefront asked for, the
 * cart's locale or the currency's market; the brand from the market and the date (`now`,
 * default the current time) unless `brand` forces one.
 */
export function shopperVoice(input: {
  language?: string | null
  locale?: string | null
  currency?: string | null
  brand?: VippsBrandSetting | null
  now?: Date
}): ShopperVoice {
  return {
    language: chooseShopperLanguage({ requested: input.language, locale: input.locale, currency: input.currency }),
    brand: brandFor(marketOfCurrency(input.currency), { setting: input.brand, now: input.now }),
  }
}
