// Plain words for the admin-editable settings and their choices (the option names stay visible as detail).
// The words are texts of src/admin/i18n: `setting.<name>.label` / `.hint` and `choice.<value>`.
import type { VippsT } from "../../lib/translate"
import type { VippsSettingView } from "../../lib/vipps-types"

/** The settings a shop admin can change (src/admin-api/editable-settings.ts). */
export const SETTING_NAMES: VippsSettingView["name"][] = ["capture", "paymentDescription", "userFlow", "orderDetailsUrl", "express.enabled", "express.shipping"]

/** The choices of the choice settings (capture, userFlow, express.shipping). */
export const CHOICES = [
  "fulfillment",
  "shipment",
  "delivery",
  "manual",
  "authorization",
  "WEB_REDIRECT",
  "NATIVE_REDIRECT",
  "PUSH_MESSAGE",
  "QR",
  "fixed",
  "dynamic",
] as const

/**
 * The shopper languages of a "texts" setting (payment description) by their own names, in the
 * page's order: the same in every dashboard language, as language pickers show them.
 */
export const LANGUAGE_NAMES: Record<string, string> = { nb: "Norsk", da: "Dansk", fi: "Suomi", sv: "Svenska", en: "English" }

const isSetting = (name: string) => (SETTING_NAMES as string[]).includes(name)
const isChoice = (value: string) => (CHOICES as readonly string[]).includes(value)

/** "When to capture"; a setting this version does not know shows as its option name. */
export function settingLabel(t: VippsT, name: string): string {
  return isSetting(name) ? t(`setting.${name}.label`) : name
}

export function settingHint(t: VippsT, name: string): string {
  return isSetting(name) ? t(`setting.${name}.hint`) : ""
}

export function choiceLabel(t: VippsT, choice: string): string {
  return isChoice(choice) ? t(`choice.${choice}`) : choice
}

/** A setting's value in words: "Only when an admin captures", "On", "–", "nb: Ordre fra Acme; da: Ordre fra Acme". */
export function describeValue(t: VippsT, value: unknown): string {
  if (value === undefined || value === null || value === "") return "–"
  if (value === true) return t("value.on")
  if (value === false) return t("value.off")
  if (typeof value === "object" && !Array.isArray(value)) {
    const order = Object.keys(LANGUAGE_NAMES)
    const rank = (key: string) => (order.includes(key) ? order.indexOf(key) : order.length)
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => rank(a) - rank(b) || a.localeCompare(b))
    return entries.length ? entries.map(([key, text]) => `${key}: ${describeValue(t, text)}`).join("; ") : "–"
  }
  return choiceLabel(t, String(value))
}
