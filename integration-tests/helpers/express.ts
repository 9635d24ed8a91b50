import type { AxiosInstance } from "axios"
import type { MedusaContainer } from "@medusajs/framework/types"
import { Market, Store, createStore } from "./store"
import type { SandboxControl } from "./sandbox"

/**
 * An express store: the smallest store (helpers/store) plus VAT for the market's country
 * (tax-exclusive prices, so Medusa adds it to items and shipping) and two priced shipping
 * options next to the free "Standard" one.
 */
export type ExpressStore = Store & { home: string; pickup: string; taxRate: number }

export async function createExpressStore(
  api: AxiosInstance,
  container: MedusaContainer,
  market: Market,
  opts: { taxRate: number; home: number; pickup: number }
): Promise<ExpressStore> {
  const store = await createStore(api, container, market)
  await api.post(
    "/admin/tax-regions",
    { country_code: market.country, provider_id: "tp_system", default_tax_rate: { rate: opts.taxRate, code: "VAT", name: "VAT" } },
    store.admin
  )
  const { data: { shipping_option: standard } } = await api.get(`/admin/shipping-options/${store.shippingOptionId}?fields=service_zone_id`, store.admin)
  const option = async (name: string, code: string, amount: number) =>
    (await api.post(
      "/admin/shipping-options",
      {
        name,
        service_zone_id: standard.service_zone_id,
        shipping_profile_id: store.shippingProfileId,
        provider_id: "manual_manual",
        price_type: "flat",
        type: { label: name, description: name, code },
        prices: [{ currency_code: market.currency, amount }],
        rules: [],
      },
      store.admin
    )).data.shipping_option.id as string
  const home = await option("Hjemlevering", "home_delivery", opts.home)
  const pickup = await option("Hent på postkontoret", "pickup_point", opts.pickup)
  return { ...store, home, pickup, taxRate: opts.taxRate }
}

export async function startExpress(api: AxiosInstance, store: Store, body: Record<string, unknown>) {
  return api.post("/store/vipps/express", body, { ...store.storeHeaders, validateStatus: () => true })
}

/** The cart as the admin and the receipt see it: address, contact, shipping method, totals. */
export async function cartSnapshot(api: AxiosInstance, store: Store, cartId: string) {
  const { data: { cart } } = await api.get(
    `/store/carts/${cartId}?fields=id,email,customer_id,total,subtotal,tax_total,shipping_total,item_total,*shipping_address,*billing_address,*shipping_methods,completed_at`,
    store.storeHeaders
  )
  return cart
}

/** The sandbox's create request for a reference (what the plugin sent Vipps). */
export async function createRequestFor(sandbox: SandboxControl, reference: string) {
  const [create] = (await sandbox.requests({ method: "POST", pathContains: "/epayment/v1/payments" })).filter(
    (r) => r.body?.reference === reference
  )
  return create
}

/** The return page's read (reference + token from the session data). */
export async function returnStatus(api: AxiosInstance, store: Store, reference: string, token: string) {
  const { data } = await api.get(`/store/vipps/payments/${encodeURIComponent(reference)}?token=${encodeURIComponent(token)}`, store.storeHeaders)
  return data as { status: string; order_id: string | null; message: string | null; cart_id: string | null }
}

export async function sessionData(container: MedusaContainer, sessionId: string) {
  const paymentModule = container.resolve("payment") as any
  const session = await paymentModule.retrievePaymentSession(sessionId)
  return session as { id: string; amount: number; status: string; data: Record<string, any> }
}
