import type { MedusaContainer } from "@medusajs/framework/types"
import { VIPPS_MODULE, VippsModuleService } from "../modules/vipps"
import { webhookUrlFor } from "../webhooks"
import { deliveryExample } from "./examples"
import { GoLiveExample, GoLiveItem, fail, pass, skipped } from "./types"

/**
 * Deliveries that arrived and verified: the webhook intake stores a delivery only after its
 * HMAC signature checked out against the registration's secret, so a stored row is proof.
 */
const TITLE = "Webhook deliveries arrive and verify"

type Expected = { reference: string; event: string }

/** Waits (polling the store's table) until every expected event of the check's payments is stored. */
export async function checkDeliveries(
  container: MedusaContainer,
  providerId: string,
  expected: Expected[],
  options: { timeoutMs: number; registered: boolean; msn: string }
): Promise<GoLiveItem> {
  if (!options.registered) return skipped("webhook_delivery", TITLE, "Skipped: no valid webhook registration, so Vipps MobilePay has nowhere to deliver.")
  if (!expected.length) return skipped("webhook_delivery", TITLE, "Skipped: the test payments did not get far enough to send any webhook.")
  const vipps = container.resolve<VippsModuleService>(VIPPS_MODULE)
  const references = [...new Set(expected.map((e) => e.reference))]
  const deadline = Date.now() + options.timeoutMs
  let missing = expected
  let stored: { reference: string; name: string; msn: string; provider_id: string }[] = []
  for (;;) {
    stored = await vipps.listVippsWebhookEvents({ reference: references }, { take: 200 })
    missing = expected.filter((e) => !stored.some((s) => s.reference === e.reference && s.name === e.event))
    if (!missing.length || Date.now() >= deadline) break
    await new Promise((resolve) => setTimeout(resolve, 500))
  }
  if (missing.length) {
    const seconds = Math.round(options.timeoutMs / 1000)
    const what = missing.map((e) => `${e.event} of ${e.reference}`).join(", ")
    return fail(
      "webhook_delivery",
      TITLE,
      `No verified delivery of ${what} arrived within ${seconds} s. Check that the registered URL reaches this Medusa server from the internet ` +
        `(the server must be running), and look for "webhook … rejected" in its log (a signature that does not verify: register again with the force argument or Re-register).`,
      undefined,
      references
    )
  }
  const foreign = stored.find((s) => s.provider_id !== providerId || s.msn !== options.msn)
  if (foreign) {
    return fail("webhook_delivery", TITLE, `A delivery for ${foreign.reference} arrived for ${foreign.provider_id} / MSN ${foreign.msn} instead of ${providerId} / MSN ${options.msn}.`, undefined, references)
  }
  return pass("webhook_delivery", TITLE, `${expected.length} deliveries for the check's payments arrived at this store and their signatures verified.`, references)
}

/** Production: the newest verified delivery for the provider (real shoppers' payments). */
export async function checkRecentDelivery(container: MedusaContainer, providerId: string, registered: boolean): Promise<GoLiveItem> {
  if (!registered) return skipped("webhook_delivery", TITLE, "Skipped: no valid webhook registration, so Vipps MobilePay has nowhere to deliver.")
  const vipps = container.resolve<VippsModuleService>(VIPPS_MODULE)
  const [last] = await vipps.listVippsWebhookEvents({ provider_id: providerId }, { take: 1, order: { created_at: "DESC" } })
  if (!last) {
    return fail("webhook_delivery", TITLE, `No verified webhook delivery has arrived for ${providerId} yet. Make a payment, then check that the registered URL reaches this server.`)
  }
  const at = new Date(last.created_at).toISOString()
  return pass("webhook_delivery", TITLE, `The newest verified delivery arrived at ${at} (${last.name} of ${last.reference}).`, [last.reference])
}

/**
 * One verified delivery for the evidence: of the run's own payments in test mode (the first that
 * arrived), the newest of the provider in production.
 */
export async function deliveryForEvidence(container: MedusaContainer, providerId: string, references?: string[]): Promise<GoLiveExample | undefined> {
  if (references && !references.length) return undefined
  const vipps = container.resolve<VippsModuleService>(VIPPS_MODULE)
  const filter = references ? { provider_id: providerId, reference: references } : { provider_id: providerId }
  const [row] = await vipps.listVippsWebhookEvents(filter, { take: 1, order: { created_at: references ? "ASC" : "DESC" } })
  return row ? deliveryExample(row, webhookUrlFor("", providerId)) : undefined
}
