import type { MedusaContainer } from "@medusajs/framework/types"
import { MedusaError } from "@medusajs/framework/utils"
import { SUBSCRIBED_WEBHOOK_EVENTS } from "../vipps"
import { VIPPS_MODULE, VippsModuleService } from "../modules/vipps"
import { resolveVippsProvider, toProviderId, VIPPS_PROVIDER_PREFIX } from "../sales-units"
import { forgetIntakeRegistration } from "./intake-registration"

/**
 * Registers the store's webhook URL at Vipps for one provider registration, for the seven
 * ePayment events that can change Medusa (SUBSCRIBED_WEBHOOK_EVENTS: all but CREATED), and
 * keeps the returned secret (Vipps shows it only once) for the intake route. Repeating it
 * changes nothing, also for a registration an earlier version made with all eight events (it
 * covers the seven; its CREATED deliveries are stored as processed); `force` replaces the
 * registration (new secret, the seven events) and removes the old one, so there is never more
 * than one.
 */
/** How long the secret a re-registration replaced is still accepted. */
export const PREVIOUS_SECRET_MS = 24 * 60 * 60 * 1000

export type WebhookStatus = {
  provider_id: string
  url?: string
  status: "registered" | "not_registered" | "missing_at_vipps" | "url_changed"
  vipps_webhook_id?: string
  events?: string[]
  registered_at?: string
  /** The last hourly check at Vipps (health.ts): ok, repaired (registered again) or failed, with what was found. */
  health?: { checked_at: string; status: "ok" | "repaired" | "failed"; message: string; repaired_at?: string | null } | null
}

/** `<webhookBaseUrl>/hooks/vipps/<id>`: the URL Vipps calls for this provider registration. */
export function webhookUrlFor(baseUrl: string, providerId: string): string {
  return `${baseUrl.replace(/\/+$/, "")}/hooks/vipps/${toProviderId(providerId).slice(VIPPS_PROVIDER_PREFIX.length)}`
}

function providerOrThrow(container: MedusaContainer, providerId: string) {
  const provider = resolveVippsProvider(container, providerId)
  if (!provider) {
    throw new MedusaError(MedusaError.Types.NOT_FOUND, `No Vipps MobilePay provider is registered as ${toProviderId(providerId)}.`)
  }
  return provider
}

function expectedUrl(container: MedusaContainer, providerId: string, url?: string) {
  const provider = providerOrThrow(container, providerId)
  if (url) return url
  if (!provider.options.webhookBaseUrl) {
    throw new MedusaError(
      MedusaError.Types.INVALID_DATA,
      `Set the provider option webhookBaseUrl (the public URL of this Medusa server, e.g. https://api.shop.example) for ${toProviderId(providerId)}, or pass the webhook URL explicitly.`
    )
  }
  return webhookUrlFor(provider.options.webhookBaseUrl, providerId)
}

async function storedRegistration(container: MedusaContainer, providerId: string) {
  const vipps = container.resolve<VippsModuleService>(VIPPS_MODULE)
  const [row] = await vipps.listVippsWebhookRegistrations({ provider_id: toProviderId(providerId) }, { take: 1 })
  return row
}

export async function webhookStatus(container: MedusaContainer, providerId: string): Promise<WebhookStatus> {
  const provider = providerOrThrow(container, providerId)
  const id = toProviderId(providerId)
  const stored = await storedRegistration(container, id)
  if (!stored) return { provider_id: id, status: "not_registered" }
  const atVipps = await provider.client.webhooks.listWebhooks()
  const live = atVipps.find((w) => w.id === stored.vipps_webhook_id)
  const configured = provider.options.webhookBaseUrl ? webhookUrlFor(provider.options.webhookBaseUrl, id) : stored.url
  return {
    provider_id: id,
    url: stored.url,
    status: !live ? "missing_at_vipps" : configured !== stored.url ? "url_changed" : "registered",
    vipps_webhook_id: stored.vipps_webhook_id,
    events: stored.events,
    registered_at: new Date(stored.created_at).toISOString(),
    health: (stored.health as WebhookStatus["health"]) ?? null,
  }
}

export async function registerWebhook(
  container: MedusaContainer,
  providerId: string,
  options: { url?: string; force?: boolean } = {}
): Promise<WebhookStatus> {
  const id = toProviderId(providerId)
  const provider = providerOrThrow(container, id)
  const url = expectedUrl(container, id, options.url)
  const vipps = container.resolve<VippsModuleService>(VIPPS_MODULE)

  const stored = await storedRegistration(container, id)
  const atVipps = await provider.client.webhooks.listWebhooks()
  const live = stored && atVipps.find((w) => w.id === stored.vipps_webhook_id)
  if (!options.force && stored && live && stored.url === url) {
    return webhookStatus(container, id)
  }

  const created = await provider.client.webhooks.registerWebhook(url, SUBSCRIBED_WEBHOOK_EVENTS)
  const row = {
    vipps_webhook_id: created.id,
    url,
    secret: created.secret,
    events: [...SUBSCRIBED_WEBHOOK_EVENTS],
    // Deliveries already signed with the old secret (retries of the replaced registration) still verify for a while.
    ...(stored ? { previous_secret: stored.secret, previous_secret_until: new Date(Date.now() + PREVIOUS_SECRET_MS) } : {}),
  }
  if (stored) await vipps.updateVippsWebhookRegistrations({ id: stored.id, ...row })
  else await vipps.createVippsWebhookRegistrations({ provider_id: id, ...row })
  forgetIntakeRegistration(id)

  // Only after the new secret is stored: remove the registrations it replaces.
  const replaced = atVipps.filter((w) => w.id !== created.id && (w.url === url || w.id === stored?.vipps_webhook_id))
  for (const webhook of replaced) await provider.client.webhooks.deleteWebhook(webhook.id)

  return webhookStatus(container, id)
}
