import type { MedusaContainer } from "@medusajs/framework/types"
import { resolveBaseUrl } from "../vipps"
import type { VippsOptions } from "../providers/vipps/options"
import { AdminError, adminErrorOf } from "./payment-view"
import { listVippsProviders } from "../sales-units"
import { WebhookStatus, webhookStatus, webhookUrlFor } from "../webhooks"
import { providerCurrencies, providerName } from "./provider-name"
import { credentialsOf, maskSecret } from "./credentials"
import { editableSettingsView } from "./editable-settings"

export { maskSecret }

/**
 * The settings page's data: per provider registration, a live connection check, the webhook
 * registration, the medusa-config options, the admin-editable settings with their history
 * (editable-settings.ts) and the credentials (credentials.ts). Credentials never leave the
 * server unmasked.
 */
const SECRET_OPTIONS = new Set<keyof VippsOptions>(["clientSecret", "subscriptionKey"])

export function maskedOptions(options: VippsOptions): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(options).map(([name, value]) => [name, SECRET_OPTIONS.has(name as keyof VippsOptions) ? maskSecret(value) : value])
  )
}

export type ConnectionCheck = { ok: true; latency_ms: number; checked_at: string } | ({ ok: false; latency_ms: number; checked_at: string } & AdminError)

/** A token fetch (from cache if still valid) and a harmless authenticated read: the webhook list. */
async function checkConnection(client: { getAccessToken(): Promise<string>; webhooks: { listWebhooks(): Promise<unknown> } }): Promise<ConnectionCheck> {
  const started = Date.now()
  const checked_at = new Date().toISOString()
  try {
    await client.getAccessToken()
    await client.webhooks.listWebhooks()
    return { ok: true, latency_ms: Date.now() - started, checked_at }
  } catch (error) {
    return { ok: false, latency_ms: Date.now() - started, checked_at, ...adminErrorOf(error) }
  }
}

export async function vippsSettings(container: MedusaContainer) {
  const [providers, currencies] = await Promise.all([listVippsProviders(container), providerCurrencies(container)])
  return Promise.all(
    providers.map(async ({ id, provider }) => {
      const options = provider.options
      const [connection, webhook, editable] = await Promise.all([
        checkConnection(provider.client),
        webhookStatus(container, id).catch((error): WebhookStatus & { error: AdminError } => ({
          provider_id: id,
          status: "not_registered",
          error: adminErrorOf(error),
        })),
        editableSettingsView(container, id, provider),
      ])
      return {
        id,
        name: providerName(id, currencies[id] ?? []),
        environment: options.environment,
        base_url: resolveBaseUrl(options.environment),
        merchant_serial_number: options.merchantSerialNumber,
        connection,
        webhook,
        /** Where the webhook would be registered; null when webhookBaseUrl is not configured. */
        webhook_url: options.webhookBaseUrl ? webhookUrlFor(options.webhookBaseUrl, id) : null,
        /** medusa-config's options (the defaults of the editable settings), secrets masked. */
        options: maskedOptions(options),
        /** What a shop admin can change here, as it applies now, and the change history. */
        settings: editable.settings,
        history: editable.history,
        /** Masked, with where each comes from and how to rotate it. */
        credentials: credentialsOf(options, id),
      }
    })
  )
}
