import { MathBN } from "@medusajs/framework/utils"
import type { BigNumberInput } from "@medusajs/framework/types"
import { toMinorUnits } from "../vipps"

/**
 * Pure money logic for "capture follows fulfilment": what a fulfilment is worth and how much
 * to capture for it. Exact decimals (MathBN) throughout; integer minor units come out only at
 * the end, because that is what Vipps and the capture guard compare.
 */

/** Which order-item quantity a trigger counts as "done": fulfilled, shipped or delivered. */
export type FulfillmentTrigger = "fulfillment" | "shipment" | "delivery"

export const QUANTITY_FIELD: Record<FulfillmentTrigger, "fulfilled_quantity" | "shipped_quantity" | "delivered_quantity"> = {
  fulfillment: "fulfilled_quantity",
  shipment: "shipped_quantity",
  delivery: "delivered_quantity",
}

type Amount = BigNumberInput | null | undefined

export type OrderItemAmounts = {
  id: string
  quantity: Amount
  /** Line total after discounts, tax included (what the shopper paid for the line). */
  total: Amount
  detail?: Partial<Record<"fulfilled_quantity" | "shipped_quantity" | "delivered_quantity", Amount>> | null
}

export type FulfilledItem = { line_item_id: string; quantity: Amount }

// Medusa hands amounts out as numbers, strings or raw `{ value }` objects: all go through MathBN.
const bn = (value: Amount) => MathBN.convert((value ?? 0) as BigNumberInput)

/** Rounds a major-unit amount to whole minor units (half up, the usual rule for money). */
export function roundToMinorUnits(amount: Amount, currency: string): number {
  const rounded = bn(amount).decimalPlaces(2, 4 /* ROUND_HALF_UP */)
  return toMinorUnits(rounded.toFixed(2), currency)
}

/**
 * The value of the items in one fulfilment: quantity × the line's per-unit total (after
 * discounts, tax included), plus the order's shipping when this is the first fulfilment.
 * Summed exactly and rounded once, in minor units.
 */
export function fulfillmentValue(input: {
  items: OrderItemAmounts[]
  fulfilled: FulfilledItem[]
  /** The order's shipping method totals (after discounts, tax included). */
  shippingTotals?: Amount[]
  includeShipping: boolean
  currency: string
}): number {
  const byId = new Map(input.items.map((item) => [item.id, item]))
  let value = MathBN.convert(0)
  for (const line of input.fulfilled) {
    const item = byId.get(line.line_item_id)
    if (!item || MathBN.lte(bn(item.quantity), 0)) continue
    // total/quantity × fulfilled quantity, multiplied first so 3 × (100/3) stays exactly 100.
    value = MathBN.add(value, MathBN.div(MathBN.mult(bn(item.total), bn(line.quantity)), bn(item.quantity)))
  }
  if (input.includeShipping) {
    for (const shipping of input.shippingTotals ?? []) value = MathBN.add(value, bn(shipping))
  }
  return roundToMinorUnits(value, input.currency)
}

/** True when every item of the order has reached the trigger's quantity (all fulfilled/shipped/delivered). */
export function isOrderComplete(items: OrderItemAmounts[], trigger: FulfillmentTrigger): boolean {
  const field = QUANTITY_FIELD[trigger]
  return items.length > 0 && items.every((item) => MathBN.gte(bn(item.detail?.[field]), bn(item.quantity)))
}

/**
 * How much to capture now, in minor units. Never more than is left of the authorization;
 * never more than is left of the order total (items may have been removed after payment).
 * The fulfilment that completes the order takes the exact rest, so rounding leaves nothing over.
 * `release` is what stays reserved after this capture on a completed order: it is released.
 */
export function captureAmount(input: {
  value: number
  completes: boolean
  orderTotal: number
  authorized: number
  captured: number
}): { amount: number; release: number } {
  const leftOfAuthorization = Math.max(0, input.authorized - input.captured)
  const leftOfOrder = Math.max(0, Math.min(input.orderTotal, input.authorized) - input.captured)
  const amount = input.completes ? leftOfOrder : Math.min(input.value, leftOfOrder)
  const release = input.completes ? leftOfAuthorization - amount : 0
  return { amount: Math.max(0, amount), release: Math.max(0, release) }
}

/** Sum of Medusa amounts (major units) in minor units, exactly. */
export function sumInMinorUnits(amounts: Amount[], currency: string): number {
  return roundToMinorUnits(amounts.reduce((total: ReturnType<typeof bn>, amount) => MathBN.add(total, bn(amount)), bn(0)), currency)
}
