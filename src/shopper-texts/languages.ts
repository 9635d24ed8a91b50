/**
 * The shoppers' languages and how one is chosen: what the storefront asks for, else the cart's
 * locale (BCP 47, Medusa carts have `locale` since 2.12.3), else the market's language (the
 * currency: NOK → Norwegian, DKK → Danish, EUR → Finnish, the one EUR market Vipps serves),
 * else English.
 */
export const SHOPPER_LANGUAGES = ["en", "nb", "da", "fi", "sv"] as const
export type ShopperLanguage = (typeof SHOPPER_LANGUAGES)[number]

// Primary subtags that mean one of our languages. Nynorsk and "no" read Bokmål: the app and
// Vipps's own texts in Norway are Bokmål.
const BY_SUBTAG: Record<string, ShopperLanguage> = {
  en: "en", nb: "nb", no: "nb", nn: "nb", da: "da", fi: "fi", sv: "sv",
}

/** "nb-NO" → nb, "no" → nb, "da_DK" → da, "sv-FI" → sv, "de" → undefined. */
export function languageOfTag(tag: string | null | undefined): ShopperLanguage | undefined {
  if (typeof tag !== "string") return undefined
  const primary = tag.trim().toLowerCase().split(/[-_]/)[0]
  return BY_SUBTAG[primary]
}

const BY_CURRENCY: Record<string, ShopperLanguage> = { nok: "nb", dkk: "da", eur: "fi" }

/** The language of the market a currency belongs to (NOK → nb, DKK → da, EUR → fi). */
export function languageOfCurrency(currency: string | null | undefined): ShopperLanguage | undefined {
  return typeof currency === "string" ? BY_CURRENCY[currency.toLowerCase()] : undefined
}

/**
 * The language to speak to a shopper in, from the most specific source that names one of ours:
 * `requested` (the storefront's explicit choice), `locale` (the cart's), `currency` (the market).
 */
export function chooseShopperLanguage(sources: {
  requested?: string | null
  locale?: string | null
  currency?: string | null
}): ShopperLanguage {
  return languageOfTag(sources.requested) ?? languageOfTag(sources.locale) ?? languageOfCurrency(sources.currency) ?? "en"
}
