import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import { VIPPS_WEBHOOK_RECEIVED, processWebhookEvent } from "../webhooks"
import { BACKGROUND_RETRY_POLICY, withVippsRetryPolicy } from "../vipps"

/** Applies a verified, stored Vipps webhook delivery (see src/api/hooks/vipps). */
export default async function vippsWebhookReceived({ event, container }: SubscriberArgs<{ id: string }>) {
  await withVippsRetryPolicy(BACKGROUND_RETRY_POLICY, () => processWebhookEvent(container, event.data.id))
}

export const config: SubscriberConfig = {
  event: VIPPS_WEBHOOK_RECEIVED,
}
