/**
 * Receipts: when an order is placed, its lines go to Vipps's Order Management API so the
 * shopper sees the receipt in the Vipps MobilePay app (and the order link, when configured).
 * Run by the `vipps-receipt` subscriber.
 * May call: sales-units, Medusa's query, src/vipps.
 */
export * from "./order-receipt"
export * from "./send-receipt"
