// The language and brand the provider speaks to a shopper in, and the texts it sends to Vipps
// for the app (payment description). The texts themselves are in src/shopper-texts.
import {
  chooseShopperLanguage,
  shopperText,
  shopperVoice,
  type ShopperLanguage,
  type ShopperVoice,
  type VippsBrandSetting,
} from "../../shopper-texts"
import type { VippsOptions } from "./options"

/** The session's language: what the storefront asked for (data.language), else the market's. */
export function sessionLanguage(requested: unknown, currency: string): ShopperLanguage {
  return chooseShopperLanguage({ requested: typeof requested === "string" ? requested : undefined, currency })
}

/**
 * Language and brand for a payment: `language` (a request's explicit choice) before the
 * session's, the brand from the provider's `brand` option, the market and `now`.
 */
export function voiceOfPayment(
  session: { language?: string; currency?: string },
  options: { brand?: VippsBrandSetting },
  language?: string | null,
  now?: Date
): ShopperVoice {
  return shopperVoice({ language: language || session.language, currency: session.currency, brand: options.brand, now })
}

/**
 * The description shown in the app: the merchant's (one text, or the one for the shopper's
 * language, else English, else the first given), else the catalogue's in the shopper's language.
 */
export function paymentDescriptionFor(setting: VippsOptions["paymentDescription"], voice: ShopperVoice): string {
  if (typeof setting === "string") return setting
  const own = setting?.[voice.language] ?? setting?.en ?? Object.values(setting ?? {}).find(Boolean)
  return own ?? shopperText("payment_description", voice)
}
