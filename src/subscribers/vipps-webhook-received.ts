import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import { processWebhookEvent } from "../webhooks"

/** Applies a verified, stored Vipps webhook delivery (see src/api/hooks/vipps). */
export default async function vippsWebhookReceived({ event, container }: SubscriberArgs<{ id: string }>) {
  await processWebhookEvent(container, event.data.id)
}

export const config: SubscriberConfig = {
  event: "vipps.webhook.received",
}
