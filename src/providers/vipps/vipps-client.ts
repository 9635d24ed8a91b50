// The Vipps client of one provider registration: the options' credentials and tuning, plus what
// the plugin tells Vipps about the system it runs in (the Vipps-System-* headers).
import type { Logger } from "@medusajs/framework/types"
import { VippsClient } from "../../vipps"
import { PLUGIN_NAME, PLUGIN_VERSION } from "../../version"
import { installedMedusaVersion } from "../../medusa-compat"
import type { VippsOptions } from "./options"

/** The installed Medusa version, or "2" when @medusajs/medusa's package.json cannot be read. */
export function medusaVersion(): string {
  return installedMedusaVersion() ?? "2"
}

/** A Vipps client for the validated options of one provider registration. */
export function vippsClientFor(options: VippsOptions, logger: Logger): VippsClient {
  return new VippsClient({
    environment: options.environment,
    clientId: options.clientId,
    clientSecret: options.clientSecret,
    subscriptionKey: options.subscriptionKey,
    merchantSerialNumber: options.merchantSerialNumber,
    systemName: "medusa",
    systemVersion: medusaVersion(),
    pluginName: PLUGIN_NAME,
    pluginVersion: PLUGIN_VERSION,
    timeoutMs: options.timeoutMs,
    maxRetries: options.maxRetries,
    retryBaseMs: options.retryBaseMs,
    logger,
  })
}
