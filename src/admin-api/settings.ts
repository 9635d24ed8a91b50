import type { MedusaContainer } from "@medusajs/framework/types"
import { resolveBaseUrl } from "../vipps"
import type { VippsOptions } from "../providers/vipps/options"
import { AdminError, adminErrorOf } from "./payment-view"
import { listVippsProviders } from "../sales-units"
import { WebhookStatus, webhookStatus, webhookUrlFor } from "../webhooks"
import { providerCurrencies, providerName } from "./provider-name"

/**
 * The settings page's data: per provider registration, a live connection check, the webhook
 * registration and the active options. Credentials never leave the server unmasked.
 */
const SECRET_OPTIONS = new Set<keyof VippsOptions>(["clientSecret", "subscriptionKey"])

/** "sandbox-nok-secret" → "sand…cret"; short values show nothing of themselves. */
export function maskSecret(value: unknown): string {
  const text = String(value ?? "")
  if (!text) return ""
  return text.length >= 12 ? `${text.slice(0, 4)}…${text.slice(-4)}` : "••••"
}

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
      const [connection, webhook] = await Promise.all([
        checkConnection(provider.client),
        webhookStatus(container, id).catch((error): WebhookStatus & { error: AdminError } => ({
          provider_id: id,
          status: "not_registered",
          error: adminErrorOf(error),
        })),
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
        options: maskedOptions(options),
      }
    })
  )
}
