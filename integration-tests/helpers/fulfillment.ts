import type { AxiosInstance } from "axios"
import type { MedusaContainer } from "@medusajs/framework/types"
import { toMinorUnits } from "../../src/vipps"
import type { SandboxControl } from "./sandbox"
import { Market, Store, completeCart, createCart, createProduct, createStore, startVippsPayment } from "./store"

/**
 * Orders paid with Vipps and fulfilled through Medusa's admin API, for the capture tests.
 */

/** A shipping option at `amount` (major units) in the store's zone, for orders with paid shipping. */
export async function withPaidShipping(api: AxiosInstance, store: Store, amount: number): Promise<Store> {
  const { data: { shipping_option: free } } = await api.get(`/admin/shipping-options/${store.shippingOptionId}?fields=service_zone_id`, store.admin)
  const { data: { shipping_option } } = await api.post(
    "/admin/shipping-options",
    {
      name: `Express ${amount}`,
      service_zone_id: free.service_zone_id,
      shipping_profile_id: store.shippingProfileId,
      provider_id: "manual_manual",
      price_type: "flat",
      type: { label: "Express", description: "Express shipping", code: "express" },
      prices: [{ currency_code: store.market.currency, amount }],
      rules: [],
    },
    store.admin
  )
  return { ...store, shippingOptionId: shipping_option.id }
}

export type PaidOrder = {
  store: Store
  orderId: string
  paymentId: string
  reference: string
  /** The Vipps payment session as the storefront saw it (data: reference, return_token, …). */
  session: { id: string; data: Record<string, any> }
  total: number
  /** Order line item ids, in the order of `lines`. */
  itemIds: string[]
}

/**
 * An order with one line per entry of `lines` (unit price in major units × quantity), paid
 * (authorized) with Vipps, nothing captured yet.
 */
export async function paidOrder(
  api: AxiosInstance,
  container: MedusaContainer,
  sandbox: SandboxControl,
  market: Market,
  lines: { price: number; quantity: number }[],
  options: { shipping?: number; store?: Store } = {}
): Promise<PaidOrder> {
  let store = options.store ?? (await createStore(api, container, market))
  if (options.shipping) store = await withPaidShipping(api, store, options.shipping)
  const variantIds = await createProduct(api, store, "Vare", lines.map((l) => l.price))
  const cart = await createCart(api, store, lines.map((l, i) => ({ variantId: variantIds[i], quantity: l.quantity })))
  const { session } = await startVippsPayment(api, store, cart.id)
  await sandbox.act(session.data.reference, "approve")
  const result = await completeCart(api, store, cart.id)
  if (result.type !== "order") throw new Error(`cart did not complete: ${result.error.message}`)
  const order = await getOrderDetails(api, store, result.order.id)
  const itemIds = variantIds.map((variantId) => order.items.find((i: any) => i.variant_id === variantId).id)
  return {
    store,
    orderId: order.id,
    paymentId: order.payment_collections[0].payments[0].id,
    reference: session.data.reference,
    session,
    total: order.total,
    itemIds,
  }
}

export async function getOrderDetails(api: AxiosInstance, store: Store, orderId: string) {
  const fields = [
    "id", "total", "status", "payment_status", "fulfillment_status",
    "*items", "*fulfillments", "*fulfillments.items",
    "*payment_collections", "*payment_collections.payments", "*payment_collections.payments.captures",
    "*payment_collections.payments.refunds",
  ].join(",")
  const { data } = await api.get(`/admin/orders/${orderId}?fields=${fields}`, store.admin)
  return data.order
}

/** Creates a fulfilment of the given line items; returns its id. */
export async function fulfil(api: AxiosInstance, store: Store, orderId: string, items: { id: string; quantity: number }[]) {
  const before = await getOrderDetails(api, store, orderId)
  const known = new Set((before.fulfillments ?? []).map((f: any) => f.id))
  await api.post(`/admin/orders/${orderId}/fulfillments`, { items, location_id: store.stockLocationId }, store.admin)
  const after = await getOrderDetails(api, store, orderId)
  const created = (after.fulfillments ?? []).find((f: any) => !known.has(f.id))
  if (!created) throw new Error("no new fulfilment")
  return created.id as string
}

/**
 * Removes items after payment with Medusa's order-edit admin API (begin, quantity 0, request,
 * confirm) and answers the order as the admin sees it after the edit.
 */
export async function removeItems(api: AxiosInstance, store: Store, orderId: string, itemIds: string[]) {
  await api.post("/admin/order-edits", { order_id: orderId }, store.admin)
  for (const itemId of itemIds) {
    await api.post(`/admin/order-edits/${orderId}/items/item/${itemId}`, { quantity: 0 }, store.admin)
  }
  await api.post(`/admin/order-edits/${orderId}/request`, {}, store.admin)
  await api.post(`/admin/order-edits/${orderId}/confirm`, {}, store.admin)
  return getOrderDetails(api, store, orderId)
}

export async function ship(api: AxiosInstance, store: Store, orderId: string, fulfillmentId: string, items: { id: string; quantity: number }[]) {
  await api.post(`/admin/orders/${orderId}/fulfillments/${fulfillmentId}/shipments`, { items }, store.admin)
}

export async function deliver(api: AxiosInstance, store: Store, orderId: string, fulfillmentId: string) {
  await api.post(`/admin/orders/${orderId}/fulfillments/${fulfillmentId}/mark-as-delivered`, {}, store.admin)
}

/** The payment as Medusa has it: captures, captured total (minor units) and data. */
export async function medusaPayment(api: AxiosInstance, store: Store, paymentId: string) {
  const { data } = await api.get(`/admin/payments/${paymentId}?fields=*captures,*refunds,data,amount,currency_code,captured_at`, store.admin)
  const payment = data.payment
  const captured = (payment.captures ?? []).reduce((sum: number, c: any) => sum + toMinorUnits(c.amount, payment.currency_code), 0)
  return { ...payment, capturedMinor: captured as number }
}

/** Successful CAPTURED events at the sandbox, in minor units. */
export async function capturesAtVipps(sandbox: SandboxControl, reference: string) {
  const payment = await sandbox.payment(reference)
  return payment.events.filter((e) => e.name === "CAPTURED" && e.success).map((e) => e.amount.value)
}

export const sum = (values: number[]) => values.reduce((a, b) => a + b, 0)

/**
 * For "nothing (more) happens" assertions: the value must stay the same for `ms` while events
 * are processed. Bounded, and only used after the positive condition was awaited.
 */
export async function staysTheSame<T>(read: () => Promise<T>, ms = 1500): Promise<T> {
  const first = JSON.stringify(await read())
  const deadline = Date.now() + ms
  while (Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 250))
    const now = JSON.stringify(await read())
    if (now !== first) throw new Error(`changed from ${first} to ${now}`)
  }
  return JSON.parse(first)
}
