/**
 * Demo data for the Vipps MobilePay plugin: three Nordic regions, each paying through its own
 * merchant (Vipps NOK, MobilePay DKK, MobilePay EUR), shipping in all three currencies and a
 * couple of products.
 *
 *   npx medusa exec ./demo/seed.ts
 *
 * Idempotent: every object is looked up (by name, handle, title or country) before it is
 * created, so running it again changes nothing and a half-finished run is completed.
 * Also creates the admin user admin@vipps.test / supersecret (DEMO_ADMIN_EMAIL /
 * DEMO_ADMIN_PASSWORD to change), like `medusa user -e … -p …` but only if it is missing.
 * If DEMO_KEY_FILE is set, the publishable API key token is also written to that file (the
 * demo script prints it in its banner).
 */
import fs from "node:fs"
import path from "node:path"
import type { ExecArgs } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, Modules, ProductStatus } from "@medusajs/framework/utils"
import {
  createApiKeysWorkflow,
  createProductsWorkflow,
  createRegionsWorkflow,
  createSalesChannelsWorkflow,
  createShippingOptionsWorkflow,
  createShippingProfilesWorkflow,
  createStockLocationsWorkflow,
  createTaxRegionsWorkflow,
  createUsersWorkflow,
  linkSalesChannelsToApiKeyWorkflow,
  linkSalesChannelsToStockLocationWorkflow,
  updateRegionsWorkflow,
  updateStoresWorkflow,
} from "@medusajs/medusa/core-flows"

export const DEMO_REGIONS = [
  // cardProvider: offered beside the app when registered (VIPPS_CARD=on in medusa-config.ts; docs/card-payments.md).
  { name: "Norge", currency_code: "nok", country: "no", provider: "pp_vipps_vipps", cardProvider: "pp_vipps_vipps-card", vat: { name: "MVA", rate: 25, code: "NO-MVA" } },
  { name: "Danmark", currency_code: "dkk", country: "dk", provider: "pp_vipps_mobilepay", vat: { name: "Moms", rate: 25, code: "DK-MOMS" } },
  { name: "Suomi", currency_code: "eur", country: "fi", provider: "pp_vipps_mobilepay_fi", vat: { name: "ALV", rate: 25.5, code: "FI-ALV" } },
] as const

const CURRENCIES = [
  { currency_code: "nok", is_default: true },
  { currency_code: "dkk", is_default: false },
  { currency_code: "eur", is_default: false },
]

const SALES_CHANNEL_NAME = "Vipps demo webshop"
const API_KEY_TITLE = "Vipps demo webshop"
const STOCK_LOCATION_NAME = "Nordic warehouse (Oslo)"
const FULFILLMENT_SET_NAME = "Nordic delivery"
const SERVICE_ZONE_NAME = "Norden"
const MANUAL_FULFILLMENT_PROVIDER = "manual_manual"

const SHIPPING_OPTIONS = [
  {
    name: "Standard",
    type: { label: "Standard", description: "Delivered in 2-4 working days.", code: "standard" },
    prices: { nok: 49, dkk: 39, eur: 4.9 },
  },
  {
    name: "Hent i butikk (gratis)",
    type: { label: "Pickup", description: "Free pickup in store.", code: "pickup" },
    prices: { nok: 0, dkk: 0, eur: 0 },
  },
]

const PRODUCTS = [
  {
    title: "Ullgenser",
    handle: "ullgenser",
    description: "Warm Norwegian wool sweater, knitted in Gudbrandsdalen.",
    sku: "ULLGENSER",
    prices: { nok: 799, dkk: 549, eur: 69.9 },
    weight: 600,
  },
  {
    title: "Lue",
    handle: "lue",
    description: "Knitted wool beanie.",
    sku: "LUE",
    prices: { nok: 249, dkk: 179, eur: 21.5 },
    weight: 100,
  },
]

function toPrices(prices: Record<string, number>) {
  return Object.entries(prices).map(([currency_code, amount]) => ({ currency_code, amount }))
}

export default async function seedDemo({ container }: ExecArgs) {
  const logger = container.resolve(ContainerRegistrationKeys.LOGGER)
  const link = container.resolve(ContainerRegistrationKeys.LINK)
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const storeModule = container.resolve(Modules.STORE)
  const salesChannelModule = container.resolve(Modules.SALES_CHANNEL)
  const apiKeyModule = container.resolve(Modules.API_KEY)
  const taxModule = container.resolve(Modules.TAX)
  const stockLocationModule = container.resolve(Modules.STOCK_LOCATION)
  const fulfillmentModule = container.resolve(Modules.FULFILLMENT)
  const productModule = container.resolve(Modules.PRODUCT)
  const pricingModule = container.resolve(Modules.PRICING)

  const created: string[] = []
  const log = (message: string) => logger.info(`[demo seed] ${message}`)

  // Payment providers must be registered (medusa-config.ts) before regions can use them.
  const { data: providers } = await query.graph({
    entity: "payment_provider",
    fields: ["id", "is_enabled"],
  })
  const providerIds = new Set(providers.map((p: { id: string }) => p.id))
  const missing = DEMO_REGIONS.map((r) => r.provider).filter((id) => !providerIds.has(id))
  if (missing.length) {
    throw new Error(
      `Payment provider(s) ${missing.join(", ")} are not registered. Registered: ${[...providerIds].join(", ") || "none"}. ` +
        "Check the payment module providers in medusa-config.ts."
    )
  }

  // --- Sales channel ---------------------------------------------------------------------
  let [salesChannel] = await salesChannelModule.listSalesChannels({ name: SALES_CHANNEL_NAME })
  if (!salesChannel) {
    const { result } = await createSalesChannelsWorkflow(container).run({
      input: { salesChannelsData: [{ name: SALES_CHANNEL_NAME, description: "Storefront of the Vipps MobilePay demo" }] },
    })
    salesChannel = result[0]
    created.push(`sales channel "${SALES_CHANNEL_NAME}"`)
  }

  // --- Store: currencies (NOK default, prices include VAT) and default sales channel -------
  const [store] = await storeModule.listStores({}, { relations: ["supported_currencies"] })
  const current = (store.supported_currencies ?? [])
    .map((c) => `${c.currency_code}:${c.is_default ? 1 : 0}`)
    .sort()
    .join(",")
  const wanted = CURRENCIES.map((c) => `${c.currency_code}:${c.is_default ? 1 : 0}`).sort().join(",")
  const preferences = await pricingModule.listPricePreferences({
    attribute: "currency_code",
    value: CURRENCIES.map((c) => c.currency_code),
  })
  const taxInclusive = CURRENCIES.every((c) => preferences.some((p) => p.value === c.currency_code && p.is_tax_inclusive))
  if (current !== wanted || !taxInclusive || store.default_sales_channel_id !== salesChannel.id || store.name !== "Vipps demo store") {
    await updateStoresWorkflow(container).run({
      input: {
        selector: { id: store.id },
        update: {
          name: "Vipps demo store",
          default_sales_channel_id: salesChannel.id,
          supported_currencies: CURRENCIES.map((c) => ({ ...c, is_tax_inclusive: true })),
        },
      },
    })
    created.push("store currencies nok (default), dkk, eur")
  }

  // --- Publishable API key ------------------------------------------------------------------
  let [apiKey] = await apiKeyModule.listApiKeys({ title: API_KEY_TITLE, type: "publishable" })
  if (!apiKey) {
    const { result } = await createApiKeysWorkflow(container).run({
      input: { api_keys: [{ title: API_KEY_TITLE, type: "publishable", created_by: "" }] },
    })
    apiKey = result[0]
    await linkSalesChannelsToApiKeyWorkflow(container).run({
      input: { id: apiKey.id, add: [salesChannel.id] },
    })
    created.push(`publishable API key "${API_KEY_TITLE}"`)
  }

  // --- Regions, one per merchant ------------------------------------------------------------
  const regions: Record<string, { id: string }> = {}
  for (const spec of DEMO_REGIONS) {
    const card = "cardProvider" in spec && providerIds.has(spec.cardProvider) ? [spec.cardProvider] : []
    const wanted = [spec.provider, ...card]
    const { data } = await query.graph({
      entity: "region",
      fields: ["id", "name", "currency_code", "payment_providers.id"],
      filters: { name: spec.name },
    })
    const existing = data[0] as { id: string; currency_code: string; payment_providers?: { id: string }[] } | undefined
    if (!existing) {
      const { result } = await createRegionsWorkflow(container).run({
        input: {
          regions: [
            {
              name: spec.name,
              currency_code: spec.currency_code,
              countries: [spec.country],
              payment_providers: wanted,
              automatic_taxes: true,
              is_tax_inclusive: true,
            },
          ],
        },
      })
      regions[spec.name] = result[0]
      created.push(`region "${spec.name}" (${spec.currency_code.toUpperCase()}, ${wanted.join(", ")})`)
      continue
    }
    regions[spec.name] = existing
    const providerList = (existing.payment_providers ?? []).map((p) => p.id)
    const added = wanted.filter((id) => !providerList.includes(id))
    if (added.length) {
      await updateRegionsWorkflow(container).run({
        input: { selector: { id: existing.id }, update: { payment_providers: [...providerList, ...added] } },
      })
      created.push(`payment provider(s) ${added.join(", ")} on region "${spec.name}"`)
    }
  }

  // --- Tax regions (prices include VAT, so totals do not change) ----------------------------
  for (const spec of DEMO_REGIONS) {
    const taxRegions = await taxModule.listTaxRegions({ country_code: spec.country })
    if (taxRegions.some((t) => !t.parent_id)) continue
    await createTaxRegionsWorkflow(container).run({
      input: [{ country_code: spec.country, provider_id: "tp_system", default_tax_rate: { ...spec.vat } }],
    })
    created.push(`tax region ${spec.country} (${spec.vat.name} ${spec.vat.rate}%)`)
  }

  // --- Stock location, fulfillment provider and sales channel links -------------------------
  let [stockLocation] = await stockLocationModule.listStockLocations({ name: STOCK_LOCATION_NAME })
  if (!stockLocation) {
    const { result } = await createStockLocationsWorkflow(container).run({
      input: {
        locations: [
          { name: STOCK_LOCATION_NAME, address: { address_1: "Karl Johans gate 1", city: "Oslo", postal_code: "0154", country_code: "NO" } },
        ],
      },
    })
    stockLocation = result[0]
    created.push(`stock location "${STOCK_LOCATION_NAME}"`)
  }

  const locationLinks = async () => {
    const { data } = await query.graph({
      entity: "stock_location",
      fields: ["id", "sales_channels.id", "fulfillment_providers.id", "fulfillment_sets.id", "fulfillment_sets.name"],
      filters: { id: stockLocation.id },
    })
    return data[0] as {
      sales_channels?: { id: string }[]
      fulfillment_providers?: { id: string }[]
      fulfillment_sets?: { id: string; name: string }[]
    }
  }
  let links = await locationLinks()

  if (!(links.sales_channels ?? []).some((sc) => sc?.id === salesChannel.id)) {
    await linkSalesChannelsToStockLocationWorkflow(container).run({
      input: { id: stockLocation.id, add: [salesChannel.id] },
    })
    created.push("stock location <-> sales channel link")
  }
  if (!(links.fulfillment_providers ?? []).some((fp) => fp?.id === MANUAL_FULFILLMENT_PROVIDER)) {
    await link.create({
      [Modules.STOCK_LOCATION]: { stock_location_id: stockLocation.id },
      [Modules.FULFILLMENT]: { fulfillment_provider_id: MANUAL_FULFILLMENT_PROVIDER },
    })
    created.push("stock location <-> manual fulfillment provider link")
  }

  // --- Shipping profile ---------------------------------------------------------------------
  let [shippingProfile] = await fulfillmentModule.listShippingProfiles({ type: "default" })
  if (!shippingProfile) {
    const { result } = await createShippingProfilesWorkflow(container).run({
      input: { data: [{ name: "Default Shipping Profile", type: "default" }] },
    })
    shippingProfile = result[0]
    created.push("default shipping profile")
  }

  // --- Fulfillment set with a service zone for no/dk/fi ---------------------------------------
  let [fulfillmentSet] = await fulfillmentModule.listFulfillmentSets(
    { name: FULFILLMENT_SET_NAME },
    { relations: ["service_zones", "service_zones.geo_zones"] }
  )
  if (!fulfillmentSet) {
    fulfillmentSet = await fulfillmentModule.createFulfillmentSets({
      name: FULFILLMENT_SET_NAME,
      type: "shipping",
      service_zones: [
        {
          name: SERVICE_ZONE_NAME,
          geo_zones: DEMO_REGIONS.map((r) => ({ type: "country" as const, country_code: r.country })),
        },
      ],
    })
    created.push(`fulfillment set "${FULFILLMENT_SET_NAME}" (service zone no/dk/fi)`)
  }
  links = await locationLinks()
  if (!(links.fulfillment_sets ?? []).some((fs) => fs?.id === fulfillmentSet.id)) {
    await link.create({
      [Modules.STOCK_LOCATION]: { stock_location_id: stockLocation.id },
      [Modules.FULFILLMENT]: { fulfillment_set_id: fulfillmentSet.id },
    })
    created.push("stock location <-> fulfillment set link")
  }
  const serviceZone = fulfillmentSet.service_zones.find((z) => z.name === SERVICE_ZONE_NAME) ?? fulfillmentSet.service_zones[0]

  // --- Shipping options -----------------------------------------------------------------------
  const existingOptions = await fulfillmentModule.listShippingOptions({ service_zone: { id: serviceZone.id } })
  const missingOptions = SHIPPING_OPTIONS.filter((o) => !existingOptions.some((e) => e.name === o.name))
  if (missingOptions.length) {
    await createShippingOptionsWorkflow(container).run({
      input: missingOptions.map((o) => ({
        name: o.name,
        price_type: "flat" as const,
        provider_id: MANUAL_FULFILLMENT_PROVIDER,
        service_zone_id: serviceZone.id,
        shipping_profile_id: shippingProfile.id,
        type: o.type,
        prices: toPrices(o.prices),
        rules: [
          { attribute: "enabled_in_store", value: "true", operator: "eq" as const },
          { attribute: "is_return", value: "false", operator: "eq" as const },
        ],
      })),
    })
    created.push(`shipping options ${missingOptions.map((o) => `"${o.name}"`).join(", ")}`)
  }

  // --- Products ---------------------------------------------------------------------------------
  const existingProducts = await productModule.listProducts({ handle: PRODUCTS.map((p) => p.handle) })
  const missingProducts = PRODUCTS.filter((p) => !existingProducts.some((e) => e.handle === p.handle))
  if (missingProducts.length) {
    await createProductsWorkflow(container).run({
      input: {
        products: missingProducts.map((p) => ({
          title: p.title,
          handle: p.handle,
          description: p.description,
          status: ProductStatus.PUBLISHED,
          weight: p.weight,
          shipping_profile_id: shippingProfile.id,
          options: [{ title: "Størrelse", values: ["One size"] }],
          variants: [
            {
              title: "One size",
              sku: p.sku,
              options: { Størrelse: "One size" },
              manage_inventory: false,
              prices: toPrices(p.prices),
            },
          ],
          sales_channels: [{ id: salesChannel.id }],
        })),
      },
    })
    created.push(`products ${missingProducts.map((p) => `"${p.title}"`).join(", ")}`)
  }

  // --- Admin user (what `medusa user -e -p` does, skipped if it exists) ---------------------------
  const adminEmail = process.env.DEMO_ADMIN_EMAIL || "admin@vipps.test"
  const adminPassword = process.env.DEMO_ADMIN_PASSWORD || "supersecret"
  const userModule = container.resolve(Modules.USER)
  const authModule = container.resolve(Modules.AUTH)
  let [user] = await userModule.listUsers({ email: adminEmail })
  if (!user) {
    const flags = container.resolve(ContainerRegistrationKeys.FEATURE_FLAG_ROUTER) as { isFeatureEnabled(flag: string): boolean }
    const roles = flags.isFeatureEnabled("rbac") ? ["role_super_admin"] : undefined
    const { result } = await createUsersWorkflow(container).run({
      input: { users: [{ email: adminEmail, ...(roles ? { roles } : {}) }] },
    })
    user = result[0]
    created.push(`admin user ${adminEmail}`)
  }
  const identities = await authModule.listProviderIdentities({ entity_id: adminEmail, provider: "emailpass" })
  if (!identities.length) {
    const { authIdentity, error } = await authModule.register("emailpass", {
      body: { email: adminEmail, password: adminPassword },
    } as Parameters<typeof authModule.register>[1])
    if (error || !authIdentity) throw new Error(`Could not register ${adminEmail}: ${error}`)
    await authModule.updateAuthIdentities({ id: authIdentity.id, app_metadata: { user_id: user.id } })
    created.push(`login ${adminEmail} / ${adminPassword}`)
  }

  // --- Summary ----------------------------------------------------------------------------------
  if (created.length) {
    for (const item of created) log(`created ${item}`)
  } else {
    log("already seeded, nothing to do")
  }
  for (const spec of DEMO_REGIONS) {
    log(`region ${spec.name} (${regions[spec.name].id}): ${spec.currency_code.toUpperCase()}, payment provider ${spec.provider}`)
  }
  log(`publishable API key: ${apiKey.token}`)

  if (process.env.DEMO_KEY_FILE) {
    fs.mkdirSync(path.dirname(path.resolve(process.env.DEMO_KEY_FILE)), { recursive: true })
    fs.writeFileSync(process.env.DEMO_KEY_FILE, `${apiKey.token}\n`)
  }
}
