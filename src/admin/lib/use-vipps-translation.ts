import { useMemo } from "react"
import { useTranslation } from "react-i18next"
import { formatMoney, formatTime } from "./format"
import en from "../i18n/json/en.json" with { type: "json" }
import { VIPPS_CUSTOM_NS, VIPPS_NS, intlLocale, isI18nInstance, standaloneEnglish, textLanguage, vippsTranslator } from "./translate"
import type { VippsT } from "./translate"

/** English without i18next, if the dashboard's instance is not reachable (see standaloneEnglish). */
const ENGLISH = standaloneEnglish(en)

export type VippsText = {
  /** The text for a key of src/admin/i18n/json/en.json, in the dashboard's language. */
  t: VippsT
  /** The language the texts are in ("fi", or "en" when the plugin has none for the dashboard's). */
  language: string
  /** Money in that language (in English: the browser's locale, as Medusa's order page). */
  money: (currency: string, value: string) => string
  /** A time in that language (in English: Medusa's payment-section format). */
  time: (iso: string | null) => string
  /** "(trace 00-abc)" as a sentence's detail, for describeError. */
  trace: (id: string) => string
}

/**
 * The plugin's texts and formats in the dashboard's language, through react-i18next's
 * `useTranslation` on the dashboard's own i18next instance (react-i18next is shared with the
 * dashboard: Medusa's plugin build keeps it external). Re-renders when the admin changes language.
 */
export function useVippsTranslation(): VippsText {
  const { i18n } = useTranslation([VIPPS_NS, VIPPS_CUSTOM_NS])
  const dashboardLanguage = i18n.language
  return useMemo(() => {
    const lookup = isI18nInstance(i18n) ? i18n : ENGLISH
    const t = vippsTranslator(lookup)
    const language = textLanguage(lookup)
    const locale = intlLocale(language)
    return {
      t,
      language,
      money: (currency, value) => formatMoney(currency, value, locale ?? []),
      time: (iso) => formatTime(iso, locale),
      trace: (id) => t("common.trace", { id }),
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [i18n, dashboardLanguage])
}
