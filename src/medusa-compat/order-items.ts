// An order item's quantity as `query.graph({ entity: "order" })` hands it out. From 2.21 on,
// `items.quantity` is there; 2.18 to 2.20 rewrite that field to `items.item.quantity`
// and return the item without it. The order item's detail (`items.detail.quantity`) carries
// the same number on every release, so both are asked for and read here.

/** The fields to add to an order query so that `orderItemQuantity` can read each item's quantity. */
export const ORDER_ITEM_QUANTITY_FIELDS = ["items.quantity", "items.detail.quantity"] as const

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
