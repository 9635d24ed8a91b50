import type { MedusaContainer } from "@medusajs/framework/types"
import { MedusaError, Modules } from "@medusajs/framework/utils"
import { SettingsStore, type SettingChange, type SettingChangeRow, type StoredSetting } from "../modules/vipps/settings-store"
import {
  EDITABLE_SETTINGS,
  SETTING_CHOICES,
  SETTING_LANGUAGES,
  type EditableSetting,
  effectiveOptionsFrom,
  isEditableSetting,
  settingValue,
  validateSettings,
} from "../providers/vipps/effective-options"
import type { VippsOptions } from "../providers/vipps/options"
import type { VippsProviderService } from "../providers/vipps/service"
import { resolveVippsProvider } from "../sales-units"

/**
 * The settings a shop admin changes on the settings page (capture trigger, payment description,
 * user flow, order details link, express checkout): what applies now, the medusa-config default,
 * who changed what, and the save itself (validated with the options' rules, recorded with the
 * admin's id and email). Credentials are refused here: they live in medusa-config / environment.
 */
export type SettingView = {
  name: EditableSetting
  /** What applies now (admin value or medusa-config default); undefined = not set. */
  value: unknown
  /** medusa-config's value (the option's own default when medusa-config has none). */
  default: unknown
  source: "admin" | "medusa-config"
  updated_at: string | null
  updated_by: string | null
  /** "texts": one text for every language, or one per language (`languages`, in the page's order). */
  type: "choice" | "text" | "boolean" | "texts"
  choices?: readonly string[]
  languages?: readonly string[]
}

export type SettingChangeView = Omit<SettingChangeRow, "created_at"> & { created_at: string }

const SECRET_OR_SERVER = ["environment", "merchantSerialNumber", "clientId", "clientSecret", "subscriptionKey", "returnUrl", "webhookBaseUrl", "referencePrefix"]

function storeOf(container: MedusaContainer): SettingsStore {
  const store = SettingsStore.fromContainer(container)
  if (!store) throw new MedusaError(MedusaError.Types.UNEXPECTED_STATE, "The settings need the database connection.")
  return store
}

function providerOrThrow(container: MedusaContainer, providerId: string): VippsProviderService {
  const provider = resolveVippsProvider(container, providerId)
  if (!provider) throw new MedusaError(MedusaError.Types.NOT_FOUND, `No Vipps MobilePay provider ${providerId} is registered in medusa-config.`)
  return provider
}

const iso = (date: Date | string | null | undefined) => (date ? new Date(date).toISOString() : null)

function typeOf(name: EditableSetting): SettingView["type"] {
  if (SETTING_CHOICES[name]) return "choice"
  if (SETTING_LANGUAGES[name]) return "texts"
  return name === "express.enabled" ? "boolean" : "text"
}

/** JSON with the keys of objects sorted: jsonb keeps its own key order, a request its own. */
const canonical = (value: unknown): string =>
  JSON.stringify(value, (_key, v) =>
    v && typeof v === "object" && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b))) : v
  )

/** The same value, whatever the order of an object's keys ({ nb, da } = { da, nb }). */
export const sameValue = (a: unknown, b: unknown) => a === b || canonical(a) === canonical(b)

export function settingsViewOf(defaults: VippsOptions, stored: StoredSetting[]): SettingView[] {
  const effective = effectiveOptionsFrom(defaults, stored)
  return EDITABLE_SETTINGS.map((name) => {
    const own = stored.find((s) => s.name === name)
    const applies = own !== undefined && sameValue(settingValue(effective, name), own.value)
    return {
      name,
      value: settingValue(effective, name),
      default: settingValue(defaults, name),
      source: applies ? "admin" : "medusa-config",
      updated_at: applies ? iso(own.updated_at) : null,
      updated_by: applies ? own.updated_by : null,
      type: typeOf(name),
      ...(SETTING_CHOICES[name] ? { choices: SETTING_CHOICES[name] } : {}),
      ...(SETTING_LANGUAGES[name] ? { languages: SETTING_LANGUAGES[name] } : {}),
    }
  })
}

const historyView = (rows: SettingChangeRow[]): SettingChangeView[] => rows.map((r) => ({ ...r, created_at: iso(r.created_at)! }))

/** The editable settings of one registration and their history (newest first). */
export async function editableSettingsView(container: MedusaContainer, providerId: string, provider?: VippsProviderService) {
  const p = provider ?? providerOrThrow(container, providerId)
  const store = storeOf(container)
  const [stored, history] = await Promise.all([store.overrides(providerId), store.history(providerId)])
  return { settings: settingsViewOf(p.options, stored), history: historyView(history) }
}

/** `{ capture: "shipment", express: { enabled: true }, reset: ["userFlow"] }` → values by path and names to reset. */
export function parseSettingsBody(body: unknown): { set: Record<string, unknown>; reset: string[] } {
  const problems: string[] = []
  const set: Record<string, unknown> = {}
  const reset: string[] = []
  if (!body || typeof body !== "object" || Array.isArray(body)) {
    throw new MedusaError(MedusaError.Types.INVALID_DATA, "Invalid request: send the settings to change as a JSON object, e.g. { \"capture\": \"shipment\" }")
  }
  const add = (name: string, value: unknown) => {
    if (!isEditableSetting(name)) {
      problems.push(
        SECRET_OR_SERVER.includes(name)
          ? `${name}: cannot be changed in the admin; it is set in medusa-config.ts (or the environment variable it reads) and needs a restart`
          : `${name}: is not a setting (editable: ${EDITABLE_SETTINGS.join(", ")})`
      )
    } else if (value === null) reset.push(name)
    else set[name] = value
  }
  for (const [key, value] of Object.entries(body as Record<string, unknown>)) {
    if (key === "reset") {
      if (!Array.isArray(value) || value.some((v) => typeof v !== "string")) problems.push("reset: must be a list of setting names")
      else for (const name of value as string[]) add(name, null)
    } else if (key === "express" && value && typeof value === "object" && !Array.isArray(value)) {
      for (const [inner, v] of Object.entries(value as Record<string, unknown>)) add(`express.${inner}`, v)
    } else add(key, value)
  }
  if (!problems.length && !Object.keys(set).length && !reset.length) problems.push("body: nothing to change")
  if (problems.length) throw new MedusaError(MedusaError.Types.INVALID_DATA, `Invalid request: ${problems.join("; ")}`)
  return { set, reset }
}

/** The admin behind the request: user id and email (the email as the user module has it). */
export async function settingsActor(container: MedusaContainer, actorId: string | undefined) {
  if (!actorId) return { id: null, email: null }
  const user = await container.resolve(Modules.USER).retrieveUser(actorId, { select: ["id", "email"] }).catch(() => undefined)
  return { id: actorId, email: user?.email ?? null }
}

/**
 * Saves admin settings for one registration: validated against the options' rules together
 * with the other stored values (400 with the option's message), then stored with one history
 * row per setting whose value or origin changed.
 */
export async function updateEditableSettings(container: MedusaContainer, providerId: string, body: unknown, actorId: string | undefined) {
  const provider = providerOrThrow(container, providerId)
  const request = parseSettingsBody(body)
  const actor = await settingsActor(container, actorId)
  const defaults = provider.options
  await storeOf(container).update(providerId, actor, (current) => {
    const values = Object.fromEntries(current.filter((s) => isEditableSetting(s.name)).map((s) => [s.name, s.value]))
    const next: Record<string, unknown> = { ...values, ...request.set }
    for (const name of request.reset) delete next[name]
    const { problems } = validateSettings(defaults, next)
    if (problems.length) {
      throw new MedusaError(MedusaError.Types.INVALID_DATA, `Invalid settings for ${providerId}: ${problems.map((p) => `${p.path}: ${p.message}`).join("; ")}`)
    }
    const before = effectiveOptionsFrom(defaults, current)
    const after = validateSettings(defaults, next).options!
    const changes: SettingChange[] = []
    const set: Record<string, unknown> = {}
    for (const name of [...Object.keys(request.set), ...request.reset]) {
      const wasOwn = name in values
      const isOwn = name in next
      const oldValue = settingValue(before, name)
      const newValue = settingValue(after, name)
      if (isOwn && (!wasOwn || !sameValue(values[name], next[name]))) set[name] = next[name]
      if (wasOwn !== isOwn || !sameValue(oldValue, newValue)) {
        changes.push({ name, action: isOwn ? "set" : "reset", old_value: oldValue, new_value: newValue })
      }
    }
    return { set, reset: request.reset.filter((name) => name in values), changes }
  })
  return editableSettingsView(container, providerId, provider)
}
