// Which registration (pp_vipps_<id>) a set of options belongs to. Medusa calls the provider's
// static validateOptions(options) without the registration id (modules-sdk
// module-provider-loader), so we find the entry in the loaded medusa-config whose `options`
// is that very object (deep-equal as a fallback, should a Medusa version copy it).
import { configManager } from "@medusajs/framework/config"
import { isDeepStrictEqual } from "node:util"

type ProviderEntry = { id?: unknown; options?: unknown }

function configuredProviders(): ProviderEntry[] {
  // Outside a Medusa process no config is loaded (and reading it would log a warning).
  if (!configManager.baseDir) return []
  let modules: unknown
  try {
    modules = configManager.config?.modules
  } catch {
    return []
  }
  const list = Array.isArray(modules) ? modules : Object.values((modules ?? {}) as Record<string, unknown>)
  return list.flatMap((m) => {
    const providers = (m as { options?: { providers?: unknown } } | undefined)?.options?.providers
    return Array.isArray(providers) ? (providers as ProviderEntry[]) : []
  })
}

/** The Medusa provider id (pp_vipps_<id>) these options are registered under, if it can be found. */
export function providerIdForOptions(options: unknown, identifier = "vipps"): string | undefined {
  if (!options || typeof options !== "object") return undefined
  const providers = configuredProviders()
  const entry = providers.find((p) => p?.options === options) ?? providers.find((p) => isDeepStrictEqual(p?.options, options))
  return typeof entry?.id === "string" && entry.id ? `pp_${identifier}_${entry.id}` : undefined
}
