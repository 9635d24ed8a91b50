import type { MedusaContainer } from "@medusajs/framework/types"
import { checkWebhookHealth } from "../webhooks"

/** Hourly: a webhook registration Vipps removed (or that changed) is registered again. */
export default async function vippsWebhookHealthJob(container: MedusaContainer) {
  await checkWebhookHealth(container)
}

export const config = {
  name: "vipps-webhook-health",
  schedule: "41 * * * *",
}
