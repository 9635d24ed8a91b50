import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { StepResponse, createStep } from "@medusajs/framework/workflows-sdk"
import { idempotencyKey } from "../../../vipps"
import {
  FulfillmentTrigger,
  fulfillmentValue,
  isOrderComplete,
  sumInMinorUnits,
} from "../../../capture"
import { attemptFor } from "../payment-data"
import { CapturePlan, SkippedPlan, captureSource } from "../types"
import { LoadedPayment, captureOptionFor, loadVippsPayment } from "./load-payment"
import { ORDER_LINE_FIELDS, orderItemQuantity } from "../../../medusa-compat"

export type PlanFulfillmentCaptureInput = {
  fulfillment_id: string
  order_id?: string
  payment_ids: string[]
  /** The event that fired; omitted on a manual retry (then the configured trigger applies). */
  trigger?: FulfillmentTrigger
}

const FULFILLMENT_TRIGGERS: string[] = ["fulfillment", "shipment", "delivery"]

/**
 * Decides what one fulfilment captures. Runs under the payment lock, so "was this fulfilment
 * captured already?" and "how much is captured?" cannot change until the capture is recorded.
 */
export const planFulfillmentCaptureStep = createStep(
  "vipps-plan-fulfillment-capture",
  async (input: PlanFulfillmentCaptureInput, { container }): Promise<StepResponse<CapturePlan | SkippedPlan>> => {
    const skip = (reason: string) => new StepResponse<CapturePlan | SkippedPlan>({ skip: reason })
    if (!input.order_id || !input.payment_ids.length) return skip("no Vipps payment on this order")

    const payments: LoadedPayment[] = []
    for (const id of input.payment_ids) {
      const payment = await loadVippsPayment(container, id)
      if (payment && !payment.canceled) payments.push(payment)
    }
    // An order normally has one Vipps payment; take the first one that still has money reserved.
    const payment = payments.find((p) => p.authorized > p.captured) ?? payments[0]
    if (!payment) return skip("no live Vipps payment")

    const configured = (await captureOptionFor(container, payment.provider_id))
    const trigger = input.trigger ?? configured
    if (!configured || configured !== trigger || !FULFILLMENT_TRIGGERS.includes(trigger)) {
      return skip(`capture is "${configured}" for ${payment.provider_id}, not "${input.trigger ?? "retry"}"`)
    }

    const source = captureSource.fulfillment(input.fulfillment_id)
    if (payments.some((p) => p.capture_sources.includes(source))) return skip("this fulfilment was captured already")

    const query = container.resolve(ContainerRegistrationKeys.QUERY)
    const { data: [fulfillment] } = await query.graph({
      entity: "fulfillment",
      fields: ["id", "canceled_at", "shipped_at", "delivered_at", "items.line_item_id", "items.quantity"],
      filters: { id: input.fulfillment_id },
    })
    const f = fulfillment as any
    if (!f || f.canceled_at) return skip("fulfilment not found or canceled")
    if (trigger === "shipment" && !f.shipped_at) return skip("fulfilment not shipped yet")
    if (trigger === "delivery" && !f.delivered_at) return skip("fulfilment not delivered yet")

    const { data: [order] } = await query.graph({
      entity: "order",
      fields: [
        "id",
        "total",
        ...ORDER_LINE_FIELDS,
        "items.total",
        "items.detail.fulfilled_quantity",
        "items.detail.shipped_quantity",
        "items.detail.delivered_quantity",
        "shipping_methods.total",
      ],
      filters: { id: input.order_id },
    })
    const o = order as any
    // Prefer the exact raw decimals when Medusa returns them.
    const items = (o.items ?? []).filter(Boolean).map((i: any) => ({ ...i, total: i.raw_total ?? i.total, quantity: orderItemQuantity(i) }))
    const currency = payment.currency
    // Shipping is paid with the first fulfilment the plugin captures for this payment.
    const includeShipping = !payment.capture_sources.some(captureSource.isFulfillment)
    const value = fulfillmentValue({
      items,
      fulfilled: (f.items ?? []).map((i: any) => ({ line_item_id: i.line_item_id, quantity: i.raw_quantity ?? i.quantity })),
      shippingTotals: (o.shipping_methods ?? []).filter(Boolean).map((m: any) => m.raw_total ?? m.total),
      includeShipping,
      currency,
    })
    const attempt = attemptFor(payment.data, source)
    const plan: CapturePlan = {
      payment_id: payment.id,
      provider_id: payment.provider_id,
      order_id: o.id,
      currency,
      reference: payment.reference,
      source,
      trigger: trigger as FulfillmentTrigger,
      fulfillment_id: input.fulfillment_id,
      // Derived from the fulfilment: the same fulfilment never captures twice at Vipps. A new
      // key only after Vipps finally rejected the previous one (it would repeat the rejection).
      idempotency_key: idempotencyKey("fulfil", payment.reference, input.fulfillment_id, attempt),
      value,
      completes: isOrderComplete(items, trigger as FulfillmentTrigger),
      order_total: sumInMinorUnits([o.total], currency),
    }
    return new StepResponse(plan)
  }
)
