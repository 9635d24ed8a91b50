import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { StepResponse, createStep } from "@medusajs/framework/workflows-sdk"
import { VIPPS_PROVIDER_PREFIX } from "../../../sales-units"

export type FindVippsPaymentsInput = { order_id?: string; fulfillment_id?: string }
export type FoundVippsPayments = { order_id?: string; payment_ids: string[] }

/**
 * The order (directly or through a fulfilment) and its live Vipps payments. Runs before the
 * lock: it only decides which payment locks to take; everything else is re-read under them.
 */
export const findVippsPaymentsStep = createStep(
  "vipps-find-payments",
  async (input: FindVippsPaymentsInput, { container }): Promise<StepResponse<FoundVippsPayments>> => {
    const query = container.resolve(ContainerRegistrationKeys.QUERY)
    let orderId = input.order_id
    if (!orderId && input.fulfillment_id) {
      const { data } = await query.graph({ entity: "fulfillment", fields: ["id", "order.id"], filters: { id: input.fulfillment_id } })
      orderId = (data[0] as any)?.order?.id
    }
    if (!orderId) return new StepResponse({ payment_ids: [] })

    const { data } = await query.graph({
      entity: "order",
      fields: ["id", "payment_collections.payments.id", "payment_collections.payments.provider_id", "payment_collections.payments.canceled_at"],
      filters: { id: orderId },
    })
    const payments = ((data[0] as any)?.payment_collections ?? []).flatMap((pc: any) => pc?.payments ?? [])
    const paymentIds = payments
      .filter((p: any) => p && !p.canceled_at && String(p.provider_id).startsWith(VIPPS_PROVIDER_PREFIX))
      .map((p: any) => p.id as string)
    return new StepResponse({ order_id: orderId, payment_ids: paymentIds })
  }
)
