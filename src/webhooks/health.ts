import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { SUBSCRIBED_WEBHOOK_EVENTS } from "../vipps"
import { VIPPS_MODULE, VippsModuleService } from "../modules/vipps"
import { listVippsProviders } from "../sales-units"
import { errorSummary } from "../providers/vipps/medusa-error"
import { registerWebhook, webhookUrlFor } from "./registration"

/**
 * Webhook health (issue 22, item 3): Vipps removes a registration that has not answered for two
 * weeks (Webhooks API changelog, March 2026), and a store whose webhooks broke once would lose
 * them for good. For every registration the store made, one list call at Vipps per sales unit:
 * gone, or at another URL than the configured one, or without an event the plugin needs →
 * registered again (new secret stored; the old one is still accepted for a day), said once in
 * the log, and kept on the registration (`health`) for the settings page. What Vipps could not
 * deliver meanwhile is read by the reconciliation job (pending sessions, every minute).
 * Run hourly by the `vipps-webhook-health` job.
 */
export type WebhookHealth = {
  checked_at: string
  status: "ok" | "repaired" | "failed"
  /** What was found (and done), in plain words. */
  message: string
  repaired_at?: string | null
}

type VippsProvider = Awaited<ReturnType<typeof listVippsProviders>>[number]["provider"]
type Row = { id: string; provider_id: string; vipps_webhook_id: string; url: string; health?: WebhookHealth | null }

export async function checkWebhookHealth(container: MedusaContainer): Promise<Record<string, WebhookHealth>> {
  const vipps = container.resolve<VippsModuleService>(VIPPS_MODULE)
  const logger = container.resolve(ContainerRegistrationKeys.LOGGER)
  const rows = (await vipps.listVippsWebhookRegistrations({}, { select: ["id", "provider_id", "vipps_webhook_id", "url", "health"] })) as unknown as Row[]
  const results: Record<string, WebhookHealth> = {}
  // One list call per sales unit (MSN), however many provider registrations share it.
  const lists = new Map<string, ReturnType<VippsProvider["client"]["webhooks"]["listWebhooks"]>>()
  const listFor = (provider: VippsProvider) => {
    const msn = provider.options.merchantSerialNumber
    if (!lists.has(msn)) lists.set(msn, provider.client.webhooks.listWebhooks())
    return lists.get(msn)!
  }

  for (const { id: providerId, provider } of await listVippsProviders(container)) {
    const row = rows.find((r) => r.provider_id === providerId)
    if (!row) continue // never registered: the settings page and the go-live check say so
    const now = new Date().toISOString()
    let health: WebhookHealth
    try {
      const live = (await listFor(provider)).find((w) => w.id === row.vipps_webhook_id)
      const url = provider.options.webhookBaseUrl ? webhookUrlFor(provider.options.webhookBaseUrl, providerId) : row.url
      const missing = live ? SUBSCRIBED_WEBHOOK_EVENTS.filter((e) => !live.events.includes(e)) : []
      const problem = !live
        ? "the registration is gone at Vipps MobilePay (Vipps removes registrations that have not answered for two weeks)"
        : live.url !== url
          ? `the registration at Vipps MobilePay calls ${live.url}, not ${url}`
          : missing.length
            ? `the registration at Vipps MobilePay lacks ${missing.join(", ")}`
            : undefined
      if (!problem) {
        health = { checked_at: now, status: "ok", message: "Registered at Vipps MobilePay.", repaired_at: row.health?.repaired_at ?? null }
      } else {
        const repaired = await registerWebhook(container, providerId, { url, force: !!live })
        health = {
          checked_at: now,
          status: "repaired",
          message: `Registered again at ${repaired.url} on ${now}: ${problem}. Payments whose webhooks were missed meanwhile are read by the reconciliation job.`,
          repaired_at: now,
        }
        logger.warn(`Vipps MobilePay webhooks for ${providerId}: ${problem}; registered again at ${repaired.url} (new secret stored).`)
      }
    } catch (error) {
      health = { checked_at: now, status: "failed", message: `The webhook registration could not be checked or repaired: ${errorSummary(error)}`, repaired_at: row.health?.repaired_at ?? null }
      // One line when it starts failing, not every hour.
      if (row.health?.status !== "failed") logger.error(`Vipps MobilePay webhooks for ${providerId}: ${health.message}`)
    }
    // A repair just wrote the registration: update its health without touching the rest.
    const [current] = await vipps.listVippsWebhookRegistrations({ provider_id: providerId }, { take: 1, select: ["id"] })
    if (current) await vipps.updateVippsWebhookRegistrations({ id: current.id, health } as any)
    results[providerId] = health
  }
  return results
}
