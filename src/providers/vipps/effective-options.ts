// The options a registration works with right now: medusa-config's options (the defaults)
// overlaid by what a shop admin changed on the settings page (modules/vipps settings-store),
// checked with the same rules as at boot. The one resolver behind every checkout, fulfilment
// capture and receipt, in every process.
import type { Logger } from "@medusajs/framework/types"
import type { SettingsStore, StoredSetting } from "../../modules/vipps/settings-store"
import { CAPTURE_TRIGGERS, EXPRESS_SHIPPING, USER_FLOWS, VippsOptions, checkVippsOptions } from "./options"
import type { OptionProblem } from "./url-rules"
import type { ShopperLanguage } from "../../shopper-texts"
import { providerIdForOptions } from "./registration-id"

/** What a shop admin may change, by option path. Credentials and URLs of the server never are. */
export const EDITABLE_SETTINGS = [
  "capture",
  "paymentDescription",
  "userFlow",
  "orderDetailsUrl",
  "express.enabled",
  "express.shipping",
] as const
export type EditableSetting = (typeof EDITABLE_SETTINGS)[number]

/** The choices of the settings that have a fixed list (for the page's selects). */
export const SETTING_CHOICES: Partial<Record<EditableSetting, readonly string[]>> = {
  capture: CAPTURE_TRIGGERS,
  userFlow: USER_FLOWS,
  "express.shipping": EXPRESS_SHIPPING,
}

/**
 * The settings given per shopper language (one text, or `{ nb, da, … }`), with the languages in
 * the settings page's order.
 */
export const SETTING_LANGUAGES: Partial<Record<EditableSetting, readonly ShopperLanguage[]>> = {
  paymentDescription: ["nb", "da", "fi", "sv", "en"],
}

export const isEditableSetting = (name: string): name is EditableSetting => (EDITABLE_SETTINGS as readonly string[]).includes(name)

/** `options.express.enabled` for "express.enabled". */
export function settingValue(options: object, name: string): unknown {
  return name.split(".").reduce<unknown>((value, key) => (value && typeof value === "object" ? (value as Record<string, unknown>)[key] : undefined), options)
}

/** A copy of `options` with each value set at its path. */
export function overlaySettings(options: VippsOptions, values: Record<string, unknown>): Record<string, unknown> {
  const result = structuredClone(options) as Record<string, unknown>
  for (const [name, value] of Object.entries(values)) {
    const keys = name.split(".")
    let target = result
    for (const key of keys.slice(0, -1)) {
      const next = target[key]
      target = target[key] = next && typeof next === "object" ? { ...(next as object) } : {}
    }
    target[keys.at(-1)!] = value
  }
  return result
}

/**
 * The options with these admin values, validated with the options' own rules (same messages as
 * at boot). `problems` name the option path, e.g. `paymentDescription: must be 3–100 characters …`.
 */
export function validateSettings(defaults: VippsOptions, values: Record<string, unknown>): { options?: VippsOptions; problems: OptionProblem[] } {
  return checkVippsOptions(overlaySettings(defaults, values))
}

const asValues = (stored: StoredSetting[]) =>
  Object.fromEntries(stored.filter((s) => isEditableSetting(s.name)).map((s) => [s.name, s.value]))

/**
 * medusa-config's options overlaid by the stored admin values. A stored value the rules refuse
 * (e.g. after an upgrade changed them) is left out and logged: the default applies instead.
 */
export function effectiveOptionsFrom(defaults: VippsOptions, stored: StoredSetting[], logger?: Pick<Logger, "warn">, providerId?: string): VippsOptions {
  const { options, warning } = resolveEffectiveOptions(defaults, asValues(stored), providerId)
  if (warning) logger?.warn(warning)
  return options
}

/** The options for these admin values, and the warning to log when some of them were refused. */
function resolveEffectiveOptions(defaults: VippsOptions, values: Record<string, unknown>, providerId?: string): { options: VippsOptions; warning?: string } {
  if (!Object.keys(values).length) return { options: defaults }
  const first = validateSettings(defaults, values)
  if (first.options) return { options: first.options }
  const refused = Object.keys(values).filter((name) => first.problems.some((p) => p.path === name || p.path.startsWith(`${name}.`) || name.startsWith(`${p.path}.`)))
  const warning =
    `Vipps MobilePay ${providerId ?? ""}: the admin setting(s) ${refused.join(", ") || Object.keys(values).join(", ")} are not valid any more ` +
    `(${first.problems.map((p) => `${p.path}: ${p.message}`).join("; ")}); the medusa-config value applies. Change them on the settings page.`
  const kept = Object.fromEntries(Object.entries(values).filter(([name]) => !refused.includes(name)))
  return { options: (refused.length && validateSettings(defaults, kept).options) || defaults, warning }
}

/** The stored values' content, independent of row order: equal keys give equal effective options. */
const contentKey = (values: Record<string, unknown>) =>
  JSON.stringify(Object.keys(values).sort().map((name) => [name, values[name]]))

/**
 * One provider registration's effective options, read from the database on every call (no
 * cache of the stored values), so a save on the settings page applies at the next use in every
 * process. Only the validation of what was read is remembered, for the last distinct stored
 * content (the same values always give the same options and warning): a checkout pays for one
 * indexed read, not for the option rules as well. Without a database (unit tests) or a known
 * provider id, medusa-config's options apply.
 */
export class EffectiveOptions {
  private providerId_: string | undefined
  private last_: { key: string; options: VippsOptions; warning?: string } | undefined

  constructor(
    private readonly defaults: VippsOptions,
    private readonly rawOptions: Record<string, unknown>,
    private readonly store: SettingsStore | undefined,
    private readonly logger?: Pick<Logger, "warn">
  ) {}

  /** `pp_vipps_<id>`: from the loaded medusa-config, or as the plugin's lookup bound it. */
  get providerId(): string | undefined {
    return (this.providerId_ ??= providerIdForOptions(this.rawOptions))
  }

  bind(id: string) {
    this.providerId_ ??= id
  }

  async read(): Promise<VippsOptions> {
    const id = this.providerId
    if (!this.store || !id) return this.defaults
    const values = asValues(await this.store.overrides(id))
    if (!Object.keys(values).length) return this.defaults
    const key = contentKey(values)
    if (this.last_?.key !== key) this.last_ = { key, ...resolveEffectiveOptions(this.defaults, values, id) }
    if (this.last_.warning) this.logger?.warn(this.last_.warning)
    return this.last_.options
  }
}
