import type { AxiosInstance } from "axios"

/**
 * docs/storefront-nextjs.md step 3, through the admin API (what the admin's pages send): the
 * starter's seed has one EUR region ("Europe"); a Norwegian Vipps sales unit takes NOK, so the
 * merchant adds NOK to the store, a "Norway" region with pp_vipps_vipps, a tax region, a service
 * zone for Norway at the seed's "European Warehouse" with a NOK shipping option, and NOK prices
 * for the seed's T-shirt.
 */
export const NOK_SHIPPING = 49
export const NOK_TSHIRT = 249
export const PROVIDER_ID = "pp_vipps_vipps"

export type Norway = {
  admin: { headers: Record<string, string> }
  publishableKey: string
  regionId: string
  salesChannelId: string
  stockLocationId: string
  shippingProfileId: string
  shippingOptionId: string
  productId: string
}

export async function loginAdmin(api: AxiosInstance, email: string, password: string) {
  const { data } = await api.post("/auth/user/emailpass", { email, password })
  return { headers: { authorization: `Bearer ${data.token}` } }
}

export async function setUpNorway(api: AxiosInstance, admin: { headers: Record<string, string> }): Promise<Norway> {
  // What the seed made.
  const { data: { stores: [store] } } = await api.get("/admin/stores?fields=id,*supported_currencies,default_sales_channel_id", admin)
  const { data: { regions } } = await api.get("/admin/regions?fields=id,name,currency_code,*countries", admin)
  if (regions.some((r: any) => r.currency_code === "nok")) throw new Error("the starter's seed has changed: it already has a NOK region")
  const { data: { api_keys } } = await api.get("/admin/api-keys?type=publishable&fields=id,title,token", admin)
  const publishableKey = api_keys.find((k: any) => k.title === "Default Publishable API Key")?.token
  const { data: { stock_locations } } = await api.get("/admin/stock-locations?fields=id,name,*fulfillment_sets,*fulfillment_sets.service_zones", admin)
  const warehouse = stock_locations.find((l: any) => l.name === "European Warehouse")
  const { data: { shipping_profiles } } = await api.get("/admin/shipping-profiles?fields=id,type", admin)
  const shippingProfile = shipping_profiles.find((p: any) => p.type === "default") ?? shipping_profiles[0]
  const { data: { products: [product] } } = await api.get("/admin/products?handle=t-shirt&fields=id,*variants,*variants.prices", admin)
  if (!publishableKey || !warehouse || !shippingProfile || !product) {
    throw new Error(`the starter's seed has changed: key ${!!publishableKey}, warehouse ${!!warehouse}, shipping profile ${!!shippingProfile}, T-shirt ${!!product}`)
  }

  // 1. Settings → Store → Currencies: NOK.
  await api.post(
    `/admin/stores/${store.id}`,
    {
      supported_currencies: [
        ...store.supported_currencies.map((c: any) => ({ currency_code: c.currency_code, is_default: c.is_default })),
        { currency_code: "nok", is_default: false },
      ],
    },
    admin
  )
  // 2. Settings → Regions → Create: Norway, NOK, Vipps MobilePay.
  const { data: { region } } = await api.post(
    "/admin/regions",
    { name: "Norway", currency_code: "nok", countries: ["no"], payment_providers: [PROVIDER_ID] },
    admin
  )
  // 3. Settings → Tax Regions: Norway, as the seed does for its countries.
  await api.post("/admin/tax-regions", { country_code: "no", provider_id: "tp_system" }, admin)
  // 4. European Warehouse: a service zone for Norway with a NOK shipping option.
  const fulfillmentSet = warehouse.fulfillment_sets[0]
  const { data: { fulfillment_set } } = await api.post(
    `/admin/fulfillment-sets/${fulfillmentSet.id}/service-zones`,
    { name: "Norway", geo_zones: [{ type: "country", country_code: "no" }] },
    admin
  )
  const zone = fulfillment_set.service_zones.find((z: any) => z.name === "Norway")
  const { data: { shipping_option } } = await api.post(
    "/admin/shipping-options",
    {
      name: "Standard Shipping Norway",
      service_zone_id: zone.id,
      shipping_profile_id: shippingProfile.id,
      provider_id: "manual_manual",
      price_type: "flat",
      type: { label: "Standard", description: "Ship in 2-3 days.", code: "standard" },
      prices: [{ currency_code: "nok", amount: NOK_SHIPPING }],
      rules: [
        { attribute: "enabled_in_store", value: "true", operator: "eq" },
        { attribute: "is_return", value: "false", operator: "eq" },
      ],
    },
    admin
  )
  // 5. Products → T-shirt → Edit prices: a NOK price for every variant (the others kept).
  for (const variant of product.variants) {
    await api.post(
      `/admin/products/${product.id}/variants/${variant.id}`,
      {
        prices: [
          ...variant.prices.map((p: any) => ({ id: p.id, currency_code: p.currency_code, amount: p.amount })),
          { currency_code: "nok", amount: NOK_TSHIRT },
        ],
      },
      admin
    )
  }

  return {
    admin,
    publishableKey,
    regionId: region.id,
    salesChannelId: store.default_sales_channel_id,
    stockLocationId: warehouse.id,
    shippingProfileId: shippingProfile.id,
    shippingOptionId: shipping_option.id,
    productId: product.id,
  }
}
