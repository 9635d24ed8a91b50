import { appName, type VippsBrand } from "./brands"
import { da } from "./catalogue/da"
import { en, type ShopperCatalogue, type ShopperTextKey } from "./catalogue/en"
import { fi } from "./catalogue/fi"
import { nb } from "./catalogue/nb"
import { sv } from "./catalogue/sv"
import type { ShopperLanguage } from "./languages"

export type { ShopperCatalogue, ShopperTextKey }

/** Every shopper-facing text of the plugin, per language. */
export const SHOPPER_TEXTS: Readonly<Record<ShopperLanguage, ShopperCatalogue>> = Object.freeze({ en, nb, da, fi, sv })

/**
 * The stable codes a server answer carries beside its message (`vipps_payment_aborted`, …):
 * the catalogue's keys that start with `vipps_`. A storefront may show its own text for them.
 */
export type ShopperCode = Extract<ShopperTextKey, `vipps_${string}`>
export const isShopperCode = (code: unknown): code is ShopperCode =>
  typeof code === "string" && code.startsWith("vipps_") && code in en

/** Parameters of a text, e.g. `{ reason: "…" }`; `{app}` comes from `brand`. */
export type ShopperTextParams = Record<string, string | number>

export type ShopperVoice = { language: ShopperLanguage; brand: VippsBrand }

/** What to tell the shopper, before it is said in a language: a code and its parameters. */
export type ShopperNotice = { code: ShopperCode; params?: ShopperTextParams }

/** The text `key` in `language`, naming the app of `brand`, with `params` filled in. */
export function shopperText(key: ShopperTextKey, voice: ShopperVoice, params: ShopperTextParams = {}): string {
  const template = SHOPPER_TEXTS[voice.language][key] ?? en[key]
  const values: ShopperTextParams = { ...params, app: appName(voice.brand) }
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in values ? String(values[name]) : whole))
}

/**
 * The code of a message made by shopperText, in any language and brand, or undefined. Lets the
 * plugin add `code` where Medusa passes only a provider's message on (cart completion).
 */
export function shopperCodeOf(message: string | null | undefined): ShopperCode | undefined {
  if (!message) return undefined
  for (const catalogue of Object.values(SHOPPER_TEXTS)) {
    for (const [key, template] of Object.entries(catalogue)) {
      if (key.startsWith("vipps_") && templatePattern(template).test(message)) return key as ShopperCode
    }
  }
  return undefined
}

const patterns = new Map<string, RegExp>()
function templatePattern(template: string): RegExp {
  let pattern = patterns.get(template)
  if (!pattern) {
    const source = template
      .split(/(\{\w+\})/)
      .map((part) => (/^\{\w+\}$/.test(part) ? (part === "{app}" ? "(?:Vipps|MobilePay)" : "[\\s\\S]+?") : part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")))
      .join("")
    pattern = new RegExp(`^${source}$`)
    patterns.set(template, pattern)
  }
  return pattern
}

/**
 * A button's caption, whole and in three parts around the brand name (which the button sets
 * in bold): "Maksa Vippsillä" → ["Maksa ", "Vipps", "illä"].
 */
export function buttonCaption(action: "pay" | "express", voice: ShopperVoice): { text: string; parts: [string, string, string] } {
  const text = shopperText(`button_${action}_${voice.brand}`, voice)
  const name = appName(voice.brand)
  const at = text.indexOf(name)
  if (at < 0) return { text, parts: [text, "", ""] }
  return { text, parts: [text.slice(0, at), name, text.slice(at + name.length)] }
}
