import { configManager } from "@medusajs/framework/config"
import { MedusaError } from "@medusajs/framework/utils"
import { VIPPS_MODULE } from "../../modules/vipps"

export const MISSING_PLUGIN_MESSAGE =
  'medusa-payment-vipps: the Vipps MobilePay payment provider is registered in the Payment Module, but the plugin ' +
  "itself is not loaded, so the return, webhook and /admin/vipps routes, capture on fulfilment, reconciliation " +
  'and the admin card would all be missing. Add it to medusa-config.ts: plugins: [{ resolve: "medusa-payment-vipps", options: {} }]'

/**
 * Stops the boot when the provider is registered without the plugin. Medusa merges a plugin's
 * modules into the config before it loads any module, so the plugin's own module (VIPPS_MODULE)
 * is in the loaded config exactly when the plugin is in `plugins` (or, as in this repository's
 * development config, when the module is registered directly). Outside a Medusa app (no config
 * loaded, e.g. unit tests) there is nothing to check.
 */
export function assertPluginLoaded(): void {
  if (configManager.baseDir === undefined) return
  const modules = (configManager.config.modules ?? {}) as Record<string, unknown>
  if (modules[VIPPS_MODULE]) return
  throw new MedusaError(MedusaError.Types.INVALID_DATA, MISSING_PLUGIN_MESSAGE)
}
