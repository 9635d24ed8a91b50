import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import { sendVippsReceipt } from "../receipts"

/** The order's lines appear with the payment in the Vipps MobilePay app (Order Management API). */
export default async function vippsReceipt({ event, container }: SubscriberArgs<{ id: string }>) {
  await sendVippsReceipt(container, event.data.id)
}

export const config: SubscriberConfig = {
  event: "order.placed",
  context: { subscriberId: "vipps-receipt" },
}
