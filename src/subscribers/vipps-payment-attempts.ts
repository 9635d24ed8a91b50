import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import { recordPaymentAttempt } from "../modules/vipps/payment-attempts"

/**
 * The payments page's rows (src/modules/vipps/payment-attempts.ts) follow Medusa's side: an
 * order placed (order id, display id, email, phone) and captures/refunds Medusa recorded
 * (Medusa's amounts beside Vipps's). Never throws: a failed write is logged, the next sync writes it.
 */
export default async function vippsPaymentAttempts({ event, container }: SubscriberArgs<{ id: string }>) {
  const id = event.data?.id
  if (!id) return
  await recordPaymentAttempt(container, event.name === "order.placed" ? { order_id: id } : { payment_id: id })
}

export const config: SubscriberConfig = {
  event: ["order.placed", "payment.captured", "payment.refunded"],
  context: { subscriberId: "vipps-payment-attempts" },
}
