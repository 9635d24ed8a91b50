import {
  shopperText,
  shopperVoice,
  type ShopperLanguage,
  type ShopperTextKey,
  type ShopperTextParams,
  type ShopperVoice,
  type VippsBrandSetting,
} from "../shopper-texts"

/**
 * How the kit chooses the shopper's language and the app's brand. Every option is optional:
 * without them the language is the cart's locale or the market's (NOK → nb, DKK → da, EUR → fi),
 * and the brand follows the market and today's date (MobilePay becomes Vipps in Denmark and
 * Finland on 12 January 2027).
 */
export type VippsVoiceOptions = {
  /** The shopper's language: en, nb, da, fi, sv (a BCP 47 tag such as "nb-NO" works too). */
  language?: ShopperLanguage | (string & {})
  /** Force the brand ("vipps" / "mobilepay"), e.g. to match the provider's `brand` option; default "auto". */
  brand?: VippsBrandSetting
  /** The moment the brand is decided for (default: now). */
  now?: Date
}

/** The kit's voice for a shopper: explicit options first, then what the cart or the answer says. */
export function kitVoice(options: VippsVoiceOptions, context: { locale?: string | null; currency?: string | null; language?: string | null } = {}): ShopperVoice {
  return shopperVoice({
    language: options.language ?? context.language,
    locale: context.locale,
    currency: context.currency,
    brand: options.brand,
    now: options.now,
  })
}

/**
 * One text of the plugin's shopper catalogue, for a storefront's own pages, e.g.
 * `vippsText("status_waiting", { currency: "dkk", language: "da" })` → "Venter på godkendelse i MobilePay…".
 */
export function vippsText(
  key: ShopperTextKey,
  options: VippsVoiceOptions & { currency?: string | null; locale?: string | null; params?: ShopperTextParams } = {}
): string {
  return shopperText(key, kitVoice(options, options), options.params)
}
