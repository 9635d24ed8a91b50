// An order's lines as `query.graph({ entity: "order" })` hands them out. From 2.19 on, asking
// for a total makes the order module load every field of the items and shipping methods it
// needs. 2.18 keeps the listed fields only: `items.total` comes back 0 (no unit price loaded)
// and `items.quantity` is looked up on the line item, where it is not. Asking for the whole
// rows (`items.*`, the order item's `items.detail.*`, their tax lines and adjustments) gives
// the same, exact numbers on every release.

/** The fields to add to an order query so that its items' quantities and totals, and its shipping totals, are right. */
export const ORDER_LINE_FIELDS = [
  "items.*",
  "items.detail.*",
  "items.tax_lines.*",
  "items.adjustments.*",
  "shipping_methods.*",
  "shipping_methods.tax_lines.*",
  "shipping_methods.adjustments.*",
] as const

type Quantity = unknown
export type QueriedOrderItem = {
  quantity?: Quantity
  raw_quantity?: Quantity
  detail?: { quantity?: Quantity; raw_quantity?: Quantity } | null
}

/** The item's quantity (exact raw value when Medusa gives one), whichever field the release filled. */
export function orderItemQuantity(item: QueriedOrderItem): Quantity {
  return item.raw_quantity ?? item.quantity ?? item.detail?.raw_quantity ?? item.detail?.quantity
}
