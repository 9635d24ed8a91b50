import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import { sendVippsReceipt } from "../receipts"
import { BACKGROUND_RETRY_POLICY, withVippsRetryPolicy } from "../vipps"

/** The order's lines appear with the payment in the Vipps MobilePay app (Order Management API). */
export default async function vippsReceipt({ event, container }: SubscriberArgs<{ id: string }>) {
  // Background work: wait as long as Vipps asks, even when the order was placed inside an admin request.
  await withVippsRetryPolicy(BACKGROUND_RETRY_POLICY, () => sendVippsReceipt(container, event.data.id))
}

export const config: SubscriberConfig = {
  event: "order.placed",
  context: { subscriberId: "vipps-receipt" },
}
