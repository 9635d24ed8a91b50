// The admin extension's texts come from Medusa's translations for admin customizations
// (src/admin/i18n/index.ts, merged by the dashboard into its own i18next resources): under the
// plugin's own namespace, so no key ever collides with the dashboard's or another plugin's.
// Pure functions, so the lookup rules are unit-tested with a real i18next instance.

/** The plugin's namespace in the dashboard's i18next resources (src/admin/i18n/index.ts). */
export const VIPPS_NS = "medusa-payment-vipps"

/**
 * A merchant's own texts for the card and settings page: the same keys, under this namespace, in
 * the store's src/admin/i18n/index.ts. The dashboard merges the store's translations before the
 * plugins' (a plugin wins on the same namespace and key), so overrides live in a namespace of
 * their own, which the plugin never fills and looks in first.
 */
export const VIPPS_CUSTOM_NS = "medusa-payment-vipps-custom"

/** Variables for `{{name}}` in a text; amounts and dates come already formatted. */
export type TextVars = Record<string, string | number>

/** Looks up one of the plugin's texts in the dashboard's language. */
export type VippsT = (key: string, vars?: TextVars) => string

/** What the translator needs of the dashboard's i18next instance. */
export type I18nLike = {
  language: string
  getResource: (lng: string, ns: string, key: string) => unknown
  hasResourceBundle: (lng: string, ns: string) => boolean
  t: (key: string, options?: Record<string, unknown>) => unknown
}

/** "fi-FI" → ["fi-FI", "fi"]; "fi" → ["fi"]. */
function languageCodes(language: string): string[] {
  const base = language.split(/[-_]/)[0]
  return base && base !== language ? [language, base] : [language]
}

/** Whether `ns` holds the text `key` in exactly this language (no fallback to English). */
function hasText(i18n: I18nLike, ns: string, key: string, language: string): boolean {
  return languageCodes(language).some((code) => typeof i18n.getResource(code, ns, key) === "string")
}

/**
 * The text for `key`: the merchant's own (VIPPS_CUSTOM_NS) when it exists in the dashboard's
 * language, otherwise the plugin's in that language, otherwise the plugin's English (the
 * dashboard's fallbackLng). A merchant's English override therefore never replaces the plugin's
 * Finnish text in a Finnish dashboard.
 */
export function vippsTranslator(i18n: I18nLike): VippsT {
  return (key, vars) => {
    const ns = hasText(i18n, VIPPS_CUSTOM_NS, key, i18n.language) ? VIPPS_CUSTOM_NS : VIPPS_NS
    return String(i18n.t(key, { ...vars, ns }))
  }
}

/**
 * The language the card's texts are shown in: the dashboard's language when the plugin (or the
 * merchant) has texts for it, otherwise English (i18next's fallback). Money and dates are
 * formatted for this language, so a sentence never mixes English words with Finnish numbers.
 */
export function textLanguage(i18n: Pick<I18nLike, "language" | "hasResourceBundle">): string {
  const codes = languageCodes(i18n.language || "en")
  const has = (code: string) => [VIPPS_NS, VIPPS_CUSTOM_NS].some((ns) => i18n.hasResourceBundle(code, ns))
  return codes.find(has) ?? "en"
}

/** The dashboard's language codes for Nordic languages → the locale Intl formats for. */
const LOCALES: Record<string, string> = { fi: "fi-FI", sv: "sv-SE", nb: "nb-NO", no: "nb-NO", nn: "nn-NO", da: "da-DK" }

/**
 * The Intl locale for a text language, or undefined for English: Medusa's dashboard formats money
 * in the browser's locale and its payment section's dates in English, and the card keeps doing
 * exactly that in English. The dashboard's own codes "ptBR", "zhCN" become "pt-BR", "zh-CN".
 */
export function intlLocale(language: string): string | undefined {
  if (!language || language === "en" || language.startsWith("en-") || language.startsWith("enGB")) return undefined
  return LOCALES[language] ?? language.replace(/^([a-z]{2,3})([A-Z]{2})$/, "$1-$2")
}

type Texts = { [key: string]: string | Texts }

/**
 * The plugin's English texts without i18next: what the card and settings page use if the
 * dashboard's i18next instance is not reachable (react-i18next resolved to a second copy, which
 * has no instance), so they still show words rather than keys or an error.
 */
export function standaloneEnglish(texts: Texts): I18nLike {
  const find = (key: string): unknown => key.split(".").reduce<unknown>((node, part) => (node && typeof node === "object" ? (node as Texts)[part] : undefined), texts)
  return {
    language: "en",
    hasResourceBundle: (lng, ns) => lng === "en" && ns === VIPPS_NS,
    getResource: (lng, ns, key) => (lng === "en" && ns === VIPPS_NS ? find(key) : undefined),
    t: (key, options = {}) => {
      const text = find(key)
      if (typeof text !== "string") return key
      return text.replace(/\{\{\s*([\w.]+)\s*\}\}/g, (all, name: string) => (options[name] === undefined ? all : String(options[name])))
    },
  }
}

/** Whether react-i18next handed over a usable i18next instance (an empty object when it has none). */
export function isI18nInstance(value: unknown): value is I18nLike {
  const i18n = value as Partial<I18nLike> | null | undefined
  return !!i18n && typeof i18n.t === "function" && typeof i18n.getResource === "function" && typeof i18n.hasResourceBundle === "function" && typeof i18n.language === "string"
}
