import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import { VIPPS_WEBHOOK_RECEIVED, processWebhookEvent, type WebhookReceivedData } from "../webhooks"
import { BACKGROUND_RETRY_POLICY, withVippsRetryPolicy } from "../vipps"

/**
 * Applies verified, stored Vipps webhook deliveries (see src/api/hooks/vipps): the ones the
 * intake stored together, one after the other (as the event bus's worker would run them one
 * event at a time). Each settles its own row, processed or failed; a failed one is retried by the
 * reconciliation job, so one failure never holds up the others.
 */
export default async function vippsWebhookReceived({ event, container }: SubscriberArgs<WebhookReceivedData>) {
  const ids = event.data.ids ?? (event.data.id ? [event.data.id] : [])
  await withVippsRetryPolicy(BACKGROUND_RETRY_POLICY, async () => {
    for (const id of ids) await processWebhookEvent(container, id)
  })
}

export const config: SubscriberConfig = {
  event: VIPPS_WEBHOOK_RECEIVED,
}
