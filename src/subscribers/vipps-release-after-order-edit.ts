import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import { ContainerRegistrationKeys, MathBN } from "@medusajs/framework/utils"
import { releaseVippsRemainderWorkflow } from "../workflows/vipps-capture/release-remainder"
import { runVippsCaptureWorkflow } from "../workflows/vipps-capture/run-in-subscriber"
import { VIPPS_PROVIDER_PREFIX } from "../sales-units"

/**
 * An order edit removed items after the rest was already captured: nothing more will be
 * captured, so what is still reserved at Vipps must be released (no fulfilment follows that
 * would do it). Edits that leave something to capture are left alone.
 */
export default async function vippsReleaseAfterOrderEdit({ event, container }: SubscriberArgs<{ order_id: string }>) {
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const { data: [order] } = await query.graph({
    entity: "order",
    fields: ["id", "total", "payment_collections.payments.provider_id", "payment_collections.payments.canceled_at", "payment_collections.payments.captures.amount"],
    filters: { id: event.data.order_id },
  })
  if (!order) return
  const payments = (order.payment_collections ?? [])
    .flatMap((collection: any) => collection?.payments ?? [])
    .filter((payment: any) => payment?.provider_id?.startsWith(VIPPS_PROVIDER_PREFIX) && !payment.canceled_at)
  if (!payments.length) return
  const captured = payments
    .flatMap((payment: any) => payment.captures ?? [])
    .reduce((total: any, capture: any) => MathBN.add(total, capture.amount), MathBN.convert(0))
  if (MathBN.lt(captured, order.total as any)) return

  await runVippsCaptureWorkflow(container, `release after order edit of ${order.id}`, () =>
    releaseVippsRemainderWorkflow(container).run({ input: { order_id: order.id, reason: "order_edited" }, throwOnError: false })
  )
}

export const config: SubscriberConfig = {
  event: "order-edit.confirmed",
  context: { subscriberId: "vipps-release-after-order-edit" },
}
