import fs from "node:fs"
import path from "node:path"
import { deepMerge } from "@medusajs/admin-shared"
import i18next from "i18next"
import resources from "../index"
import en from "../json/en.json"
import { STATUS_COLORS, formatMoney, formatTime } from "../../lib/format"
import { AMOUNT_NAMES, CREDENTIAL_NAMES, DELIVERY_STATUSES, EVENT_SOURCES, GO_LIVE_ITEMS, GO_LIVE_RESULTS, WEBHOOK_STATUSES } from "../../lib/text-keys"
import { VIPPS_CUSTOM_NS, VIPPS_NS, intlLocale, isI18nInstance, standaloneEnglish, textLanguage, vippsTranslator } from "../../lib/translate"
import { CHOICES, SETTING_NAMES } from "../../components/vipps-settings/labels"

// The admin extension's texts: every key in every language, with the same {{variables}}; every
// key the components use is in en.json (and every en.json key is used); the dashboard's i18next
// (as Medusa configures it) finds them under the plugin's namespace, with a merchant's own texts
// first; money and dates in the card's language.

const LANGUAGES = ["en", "fi", "sv", "nb", "da"] as const
const ADMIN = path.resolve(__dirname, "../..")
const JSON_DIR = path.join(ADMIN, "i18n/json")

type Texts = { [key: string]: string | Texts }
const load = (language: string): Texts => JSON.parse(fs.readFileSync(path.join(JSON_DIR, `${language}.json`), "utf8"))

/** { a: { b: "x" } } → { "a.b": "x" } */
function flatten(texts: Texts, prefix = ""): Record<string, string> {
  return Object.entries(texts).reduce<Record<string, string>>((all, [key, value]) => {
    const full = prefix ? `${prefix}.${key}` : key
    return typeof value === "string" ? { ...all, [full]: value } : { ...all, ...flatten(value, full) }
  }, {})
}

const variables = (text: string) => [...text.matchAll(/\{\{\s*([\w.]+)\s*\}\}/g)].map((m) => m[1]).sort()

const EN = flatten(load("en"))

describe("the texts: every key in every language", () => {
  it("src/admin/i18n/json holds exactly the five languages", () => {
    expect(fs.readdirSync(JSON_DIR).filter((f) => f.endsWith(".json")).sort()).toEqual(["da.json", "en.json", "fi.json", "nb.json", "sv.json"])
  })

  it.each(LANGUAGES)("%s: the same keys as en.json, none empty, the same {{variables}}", (language) => {
    const texts = flatten(load(language))
    expect(Object.keys(texts).sort()).toEqual(Object.keys(EN).sort())
    for (const [key, text] of Object.entries(texts)) {
      expect({ key, empty: text.trim() === "" }).toEqual({ key, empty: false })
      expect({ key, variables: variables(text) }).toEqual({ key, variables: variables(EN[key]) })
    }
  })

  it("the other languages are translations, not English left behind", () => {
    // Texts that are the same words in English and a Nordic language, brand and Vipps terms, codes.
    const sameEverywhere = /^(events\.source\.|events\.webhookStatus\.other$|webhook\.title$|credentials\.name\.|goLive\.item\.msn$|card\.reference$|express\.(phone|address)$|actions\.max$)/
    for (const language of LANGUAGES.filter((l) => l !== "en")) {
      const texts = flatten(load(language))
      expect({ language, english: Object.keys(EN).filter((key) => texts[key] === EN[key] && !sameEverywhere.test(key)) }).toEqual({ language, english: [] })
    }
  })

  it("the brand names are never translated", () => {
    for (const language of LANGUAGES) {
      const texts = flatten(load(language))
      for (const key of ["card.loading", "card.unreachable", "events.empty", "goLive.send", "settings.loading"]) {
        expect(texts[key]).toContain("Vipps MobilePay")
      }
    }
  })

  it("src/admin/i18n/index.ts gives Medusa every language under the plugin's namespace", () => {
    expect(Object.keys(resources).sort()).toEqual([...LANGUAGES].sort())
    for (const language of LANGUAGES) {
      expect(Object.keys(resources[language])).toEqual([VIPPS_NS])
      expect(resources[language][VIPPS_NS]).toEqual(load(language))
    }
    expect(resources.en[VIPPS_NS]).toEqual(en)
  })
})

/** Every .ts/.tsx file of the admin extension except tests. */
function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name)
    if (entry.isDirectory()) return entry.name === "__tests__" ? [] : sources(full)
    return /\.tsx?$/.test(entry.name) ? [full] : []
  })
}

/** The keys passed to t(…) in the source: literal ("card.loading") and templates ("status.${view.status}" → /^status\..+$/). */
function usedKeys() {
  const literal = new Set<string>()
  const templates: { source: string; pattern: RegExp }[] = []
  for (const file of sources(ADMIN)) {
    const code = fs.readFileSync(file, "utf8")
    for (const match of code.matchAll(/\bt\(\s*(["'`])((?:(?!\1).)+)\1/g)) {
      const [, quote, key] = match
      if (quote === "`" && key.includes("${")) {
        const pattern = key
          .split(/\$\{[^}]*\}/)
          .map((part) => part.replace(/[.*+?^$()|[\]\\]/g, "\\$&"))
          .join(".+")
        templates.push({ source: `${path.relative(ADMIN, file)}: ${key}`, pattern: new RegExp(`^${pattern}$`) })
      } else {
        literal.add(key)
      }
    }
  }
  return { literal, templates }
}

describe("the keys the components use", () => {
  const { literal, templates } = usedKeys()

  it("finds the components' t(…) calls", () => {
    expect(literal.size).toBeGreaterThan(100)
    expect(templates.length).toBeGreaterThan(5)
  })

  it("every literal key is a text of en.json", () => {
    expect([...literal].filter((key) => !(key in EN))).toEqual([])
  })

  it("every template key matches texts of en.json", () => {
    expect(templates.filter(({ pattern }) => !Object.keys(EN).some((key) => pattern.test(key))).map((t) => t.source)).toEqual([])
  })

  it("every value turned into a key at run time has its text", () => {
    const expected = [
      ...Object.keys(STATUS_COLORS).map((s) => `status.${s}`),
      ...AMOUNT_NAMES.map((n) => `amounts.${n}`),
      ...EVENT_SOURCES.map((s) => `events.source.${s}`),
      ...DELIVERY_STATUSES.map((s) => `events.webhookStatus.${s}`),
      ...WEBHOOK_STATUSES.map((s) => `webhook.status.${s}`),
      ...GO_LIVE_RESULTS.map((r) => `goLive.result.${r}`),
      ...GO_LIVE_ITEMS.map((id) => `goLive.item.${id}`),
      ...CREDENTIAL_NAMES.flatMap((n) => [`credentials.name.${n}`, `credentials.rotate.${n}`]),
      ...SETTING_NAMES.flatMap((n) => [`setting.${n}.label`, `setting.${n}.hint`]),
      ...CHOICES.map((c) => `choice.${c}`),
    ]
    expect(expected.filter((key) => !(key in EN))).toEqual([])
  })

  it("every text of en.json is used", () => {
    const unused = Object.keys(EN).filter((key) => !literal.has(key) && !templates.some(({ pattern }) => pattern.test(key)))
    expect(unused).toEqual([])
  })
})

describe("the dashboard's i18next finds the texts (Medusa's configuration and merge order)", () => {
  // As the dashboard builds its resources (DashboardApp.populateI18n): its own texts under
  // "translation", then the app's src/admin/i18n, then each plugin's, deep-merged in that order.
  const dashboard = { en: { translation: { actions: { save: "Save" } } }, fi: { translation: { actions: { save: "Tallenna" } } }, de: { translation: { actions: { save: "Speichern" } } } }
  const app = {
    fi: { [VIPPS_CUSTOM_NS]: { actions: { capture: "Veloita nyt" } } },
    en: { [VIPPS_CUSTOM_NS]: { card: { app: "Paid in" } } },
    // The same namespace as the plugin: the plugin, merged later, wins.
    sv: { [VIPPS_NS]: { actions: { capture: "Dra" } } },
  }

  async function dashboardI18n(language: string) {
    let merged: Record<string, unknown> = { ...dashboard }
    for (const plugin of [app, resources]) merged = deepMerge(merged, plugin)
    const i18n = i18next.createInstance()
    await i18n.init({ lng: language, fallbackLng: "en", fallbackNS: "translation", interpolation: { escapeValue: false }, resources: merged as never, supportedLngs: Object.keys(merged) })
    return i18n
  }

  it("each language's own texts, with variables", async () => {
    const expected = { en: "Capture", fi: "Veloita nyt", sv: "Debitera", nb: "Trekk", da: "Hæv" }
    for (const [language, text] of Object.entries(expected)) {
      const t = vippsTranslator(await dashboardI18n(language))
      expect(t("actions.capture")).toBe(text)
    }
    const nb = vippsTranslator(await dashboardI18n("nb"))
    expect(nb("card.leftToCapture", { amount: "348,00 kr" })).toBe("348,00 kr igjen å trekke")
    expect(nb("status.authorized")).toBe("Reservert")
  })

  it("a dashboard language the plugin has no texts for: English, formatted as in English", async () => {
    const i18n = await dashboardI18n("de")
    expect(vippsTranslator(i18n)("actions.refund")).toBe("Refund")
    expect(textLanguage(i18n)).toBe("en")
    expect(i18n.t("actions.save")).toBe("Speichern")
  })

  it("a merchant's text (their app's medusa-payment-vipps-custom) wins only in its own language", async () => {
    expect(vippsTranslator(await dashboardI18n("fi"))("actions.capture")).toBe("Veloita nyt")
    expect(vippsTranslator(await dashboardI18n("fi"))("card.app")).toBe("Asiakkaan sovellus")
    expect(vippsTranslator(await dashboardI18n("en"))("card.app")).toBe("Paid in")
    expect(vippsTranslator(await dashboardI18n("en"))("actions.capture")).toBe("Capture")
  })

  it("the plugin's texts never leak into the dashboard's own keys", async () => {
    const i18n = await dashboardI18n("fi")
    expect(i18n.t("actions.save")).toBe("Tallenna")
    expect(i18n.t("actions.capture")).toBe("actions.capture")
  })

  it("the language of the texts and its Intl locale", async () => {
    expect(textLanguage(await dashboardI18n("fi"))).toBe("fi")
    expect(textLanguage(await dashboardI18n("da"))).toBe("da")
    expect(intlLocale("en")).toBeUndefined()
    expect(intlLocale("enGB")).toBeUndefined()
    expect(intlLocale("fi")).toBe("fi-FI")
    expect(intlLocale("sv")).toBe("sv-SE")
    expect(intlLocale("nb")).toBe("nb-NO")
    expect(intlLocale("da")).toBe("da-DK")
    expect(intlLocale("ptBR")).toBe("pt-BR")
  })
})

describe("without the dashboard's i18next (react-i18next resolved to a second copy)", () => {
  it("react-i18next's empty stand-in is recognised, a real instance is not mistaken for it", async () => {
    expect(isI18nInstance({})).toBe(false)
    expect(isI18nInstance(undefined)).toBe(false)
    const i18n = i18next.createInstance()
    await i18n.init({ lng: "en", resources: {} })
    expect(isI18nInstance(i18n)).toBe(true)
  })

  it("the English texts, with variables, and keys it does not know as themselves", () => {
    const english = standaloneEnglish(en)
    const t = vippsTranslator(english)
    expect(t("actions.capture")).toBe("Capture")
    expect(t("card.leftToCapture", { amount: "kr 10.00" })).toBe("kr 10.00 left to capture")
    expect(t("setting.express.enabled.label")).toBe("Express checkout")
    expect(t("no.such.key")).toBe("no.such.key")
    expect(textLanguage(english)).toBe("en")
  })
})

describe("money and dates in the card's language", () => {
  // Intl separates groups and symbol with (narrow) no-break spaces; compare with plain spaces.
  const plain = (text: string) => text.replace(/\s/g, " ")
  const money = (language: string, currency: string, value: string) => plain(formatMoney(currency, value, intlLocale(language) ?? ["en-US"]))
  const time = (language: string, iso: string) => plain(formatTime(iso, intlLocale(language), "Europe/Oslo"))

  it("money", () => {
    expect(money("en", "NOK", "1234.50")).toBe("kr 1,234.50")
    expect(money("nb", "NOK", "1234.50")).toBe("1 234,50 kr")
    expect(money("sv", "NOK", "1234.50")).toBe("1 234,50 kr")
    expect(money("da", "DKK", "1234.50")).toBe("1.234,50 kr.")
    expect(money("fi", "EUR", "1234.50")).toBe("1 234,50 €")
    expect(money("fi", "EUR", "0.10")).toBe("0,10 €")
  })

  it("dates: English exactly as Medusa's payment section, the others in their own order", () => {
    const iso = "2026-12-01T05:54:38.000Z"
    expect(time("en", iso)).toBe("01 Dec, 2026, 06:54:38")
    expect(time("fi", iso)).toBe("1.12.2026 klo 06.54.38")
    expect(time("sv", iso)).toBe("1 dec. 2026 06:54:38")
    expect(time("nb", iso)).toBe("1. des. 2026, 06:54:38")
    expect(time("da", iso)).toBe("1. dec. 2026, 06.54.38")
    expect(formatTime(null, "fi-FI")).toBe("–")
  })
})
