import { createUserAccountWorkflow } from "@medusajs/core-flows"
import type { MedusaContainer } from "@medusajs/framework/types"
import type { AxiosInstance } from "axios"

/**
 * Builds, through Medusa's admin HTTP API, the smallest store a shopper can check out in:
 * a region with the Vipps provider enabled, a stock location that ships there, a free
 * shipping option, a product at a given price and a publishable key.
 */
export type Market = {
  currency: "nok" | "dkk" | "eur"
  country: string
  providerId: string
}

export const MARKETS = {
  NOK: { currency: "nok", country: "no", providerId: "pp_vipps_vipps" },
  DKK: { currency: "dkk", country: "dk", providerId: "pp_vipps_mobilepay" },
  EUR: { currency: "eur", country: "fi", providerId: "pp_vipps_mobilepay_fi" },
} satisfies Record<string, Market>

export type Store = {
  admin: { headers: Record<string, string> }
  storeHeaders: { headers: Record<string, string> }
  regionId: string
  salesChannelId: string
  shippingOptionId: string
  shippingProfileId: string
  stockLocationId: string
  market: Market
}

export const ADMIN_EMAIL = "admin@vipps.test"
export const ADMIN_PASSWORD = "supersecret-admin"

function decodeJwt(token: string): Record<string, any> {
  return JSON.parse(Buffer.from(token.split(".")[1], "base64url").toString("utf8"))
}

/** Logs in as the test admin; with a container, creates the admin first if there is none. */
export async function loginAdmin(api: AxiosInstance, container?: MedusaContainer) {
  const existing = await api.post("/auth/user/emailpass", { email: ADMIN_EMAIL, password: ADMIN_PASSWORD }).catch(() => undefined)
  if (existing) return { headers: { authorization: `Bearer ${existing.data.token}` } }
  if (!container) throw new Error(`admin ${ADMIN_EMAIL} cannot log in and there is no container to create it`)
  const registered = await api.post("/auth/user/emailpass/register", { email: ADMIN_EMAIL, password: ADMIN_PASSWORD })
  const authIdentityId = decodeJwt(registered.data.token).auth_identity_id
  await createUserAccountWorkflow(container).run({ input: { authIdentityId, userData: { email: ADMIN_EMAIL } } })
  const login = await api.post("/auth/user/emailpass", { email: ADMIN_EMAIL, password: ADMIN_PASSWORD })
  return { headers: { authorization: `Bearer ${login.data.token}` } }
}

export async function createStore(api: AxiosInstance, container: MedusaContainer | undefined, market: Market): Promise<Store> {
  const admin = await loginAdmin(api, container)

  const { data: { sales_channel } } = await api.post("/admin/sales-channels", { name: "Webshop" }, admin)
  const { data: { api_key } } = await api.post("/admin/api-keys", { title: "Storefront", type: "publishable" }, admin)
  await api.post(`/admin/api-keys/${api_key.id}/sales-channels`, { add: [sales_channel.id] }, admin)

  const { data: { region } } = await api.post(
    "/admin/regions",
    {
      name: `Region ${market.currency.toUpperCase()}`,
      currency_code: market.currency,
      countries: [market.country],
      payment_providers: [market.providerId],
      automatic_taxes: false,
    },
    admin
  )

  const { data: { shipping_profile } } = await api.post("/admin/shipping-profiles", { name: "Default", type: "default" }, admin)
  const { data: { stock_location } } = await api.post("/admin/stock-locations", { name: "Warehouse" }, admin)
  await api.post(`/admin/stock-locations/${stock_location.id}/sales-channels`, { add: [sales_channel.id] }, admin)
  await api.post(`/admin/stock-locations/${stock_location.id}/fulfillment-providers`, { add: ["manual_manual"] }, admin)
  const { data: { stock_location: withSet } } = await api.post(
    `/admin/stock-locations/${stock_location.id}/fulfillment-sets?fields=*fulfillment_sets`,
    { name: "Shipping", type: "shipping" },
    admin
  )
  const fulfillmentSet = withSet.fulfillment_sets[0]
  const { data: { fulfillment_set } } = await api.post(
    `/admin/fulfillment-sets/${fulfillmentSet.id}/service-zones`,
    { name: market.country.toUpperCase(), geo_zones: [{ type: "country", country_code: market.country }] },
    admin
  )
  const serviceZone = fulfillment_set.service_zones[0]
  const { data: { shipping_option } } = await api.post(
    "/admin/shipping-options",
    {
      name: "Standard",
      service_zone_id: serviceZone.id,
      shipping_profile_id: shipping_profile.id,
      provider_id: "manual_manual",
      price_type: "flat",
      type: { label: "Standard", description: "Standard shipping", code: "standard" },
      prices: [{ currency_code: market.currency, amount: 0 }],
      rules: [],
    },
    admin
  )

  return {
    admin,
    storeHeaders: { headers: { "x-publishable-api-key": api_key.token } },
    regionId: region.id,
    salesChannelId: sales_channel.id,
    shippingOptionId: shipping_option.id,
    shippingProfileId: shipping_profile.id,
    stockLocationId: stock_location.id,
    market,
  }
}

/** A product with one variant per price (major units, e.g. 100 or 33.33), not stock-managed. */
export async function createProduct(api: AxiosInstance, store: Store, title: string, prices: (number | string)[]) {
  const { data: { product } } = await api.post(
    "/admin/products",
    {
      title,
      // Unique handle: a test may add the same product twice.
      handle: `p-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`,
      status: "published",
      shipping_profile_id: store.shippingProfileId,
      sales_channels: [{ id: store.salesChannelId }],
      options: [{ title: "Variant", values: prices.map((_, i) => `V${i + 1}`) }],
      variants: prices.map((price, i) => ({
        title: `${title} V${i + 1}`,
        manage_inventory: false,
        options: { Variant: `V${i + 1}` },
        prices: [{ currency_code: store.market.currency, amount: Number(price) }],
      })),
    },
    store.admin
  )
  // In the order of `prices`: the API does not promise to return variants in creation order.
  return prices.map((_, i) => product.variants.find((v: { id: string; title: string }) => v.title === `${title} V${i + 1}`).id) as string[]
}

/** A cart with the given items, an address in the market's country and free shipping. */
export async function createCart(api: AxiosInstance, store: Store, items: { variantId: string; quantity: number }[]) {
  const { data: { cart } } = await api.post(
    "/store/carts",
    {
      region_id: store.regionId,
      sales_channel_id: store.salesChannelId,
      email: "shopper@vipps.test",
      items: items.map((item) => ({ variant_id: item.variantId, quantity: item.quantity })),
      shipping_address: {
        first_name: "Kari",
        last_name: "Nordmann",
        address_1: "Storgata 1",
        city: "Oslo",
        postal_code: "0155",
        country_code: store.market.country,
      },
    },
    store.storeHeaders
  )
  await api.post(`/store/carts/${cart.id}/shipping-methods`, { option_id: store.shippingOptionId }, store.storeHeaders)
  const { data } = await api.get(`/store/carts/${cart.id}`, store.storeHeaders)
  return data.cart as { id: string; total: number; currency_code: string }
}

/** Starts a Vipps payment for the cart: returns the payment session (its data is what the storefront sees). */
export async function startVippsPayment(api: AxiosInstance, store: Store, cartId: string) {
  const { data: { payment_collection } } = await api.post(
    "/store/payment-collections",
    { cart_id: cartId },
    store.storeHeaders
  )
  const { data } = await api.post(
    `/store/payment-collections/${payment_collection.id}/payment-sessions`,
    { provider_id: store.market.providerId },
    store.storeHeaders
  )
  const session = data.payment_collection.payment_sessions.find(
    (s: { provider_id: string }) => s.provider_id === store.market.providerId
  )
  return { paymentCollectionId: payment_collection.id as string, session }
}

export async function completeCart(api: AxiosInstance, store: Store, cartId: string) {
  const { data } = await api.post(`/store/carts/${cartId}/complete`, {}, store.storeHeaders)
  return data as { type: "order"; order: any } | { type: "cart"; cart: any; error: { message: string; type: string } }
}

/** A stock-managed product with `stock` units at the store's warehouse. */
export async function createStockedProduct(api: AxiosInstance, store: Store, title: string, price: number, stock: number) {
  const { data: { product } } = await api.post(
    "/admin/products?fields=*variants.inventory_items",
    {
      title,
      handle: `s-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`,
      status: "published",
      shipping_profile_id: store.shippingProfileId,
      sales_channels: [{ id: store.salesChannelId }],
      options: [{ title: "Variant", values: ["One"] }],
      variants: [{ title, manage_inventory: true, options: { Variant: "One" }, prices: [{ currency_code: store.market.currency, amount: price }] }],
    },
    store.admin
  )
  const variant = product.variants[0]
  const inventoryItemId = variant.inventory_items[0].inventory_item_id
  await api.post(
    `/admin/inventory-items/${inventoryItemId}/location-levels`,
    { location_id: store.stockLocationId, stocked_quantity: stock },
    store.admin
  )
  return variant.id as string
}

export async function listOrders(api: AxiosInstance, store: Store) {
  const { data } = await api.get("/admin/orders?fields=id,total,*payment_collections.payments", store.admin)
  return data.orders as any[]
}

/** A NOK store whose `vipps` provider has its webhooks registered at this Medusa (`/hooks/vipps/vipps`). */
export async function createStoreWithWebhooks(api: AxiosInstance, container: MedusaContainer | undefined): Promise<Store> {
  const store = await createStore(api, container, MARKETS.NOK)
  const url = `${api.defaults.baseURL}/hooks/vipps/vipps`
  const { data } = await api.post("/admin/vipps/webhooks", { provider_id: "vipps", url }, store.admin)
  if (data.webhook.status !== "registered") throw new Error(`webhook registration: ${data.webhook.status}`)
  return store
}
