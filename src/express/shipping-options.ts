import { listShippingOptionsForCartWithPricingWorkflow } from "@medusajs/medusa/core-flows"
import { BigNumber, ContainerRegistrationKeys, Modules, getShippingMethodTotals } from "@medusajs/framework/utils"
import type { MedusaContainer } from "@medusajs/framework/types"
import { toMinorUnits } from "../vipps"
import type { ShippingGroup } from "../vipps"
import { shopperText, shopperVoice, type ShopperVoice } from "../shopper-texts"

/**
 * The Medusa shipping options that can serve an express cart, priced as Medusa prices them
 * (the option's calculated price for the cart, plus the tax Medusa's tax module adds for the
 * cart's address), in minor units: what the shopper pays for shipping in the app.
 */
export type ExpressShippingOption = {
  id: string
  name: string
  /** Shipping incl. tax, minor units of the cart's currency. */
  amount: number
  type: ShippingGroup["type"]
}

const SHIPPING_TYPES: ShippingGroup["type"][] = ["HOME_DELIVERY", "PICKUP_POINT", "MAILBOX", "IN_STORE", "OTHER"]

type PricedOption = {
  id: string
  name: string
  amount?: unknown
  is_tax_inclusive?: boolean
  shipping_profile_id?: string
  type?: { code?: string | null } | null
}

type CartForShipping = {
  id: string
  currency_code: string
  customer_id?: string | null
  email?: string | null
  shipping_address?: { country_code?: string | null; province?: string | null; city?: string | null; postal_code?: string | null; address_1?: string | null } | null
  items?: { variant?: { product?: { shipping_profile?: { id?: string } | null } | null } | null }[]
}

export async function cartForShipping(container: MedusaContainer, cartId: string): Promise<CartForShipping> {
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const { data } = await query.graph({
    entity: "cart",
    fields: [
      "id",
      "currency_code",
      "customer_id",
      "email",
      "shipping_address.*",
      "items.id",
      "items.variant.product.shipping_profile.id",
    ],
    filters: { id: cartId },
  })
  return data[0] as unknown as CartForShipping
}

/**
 * The options for the cart at its current shipping address (country at least). Express puts
 * everything on one shipping method, so only options of the one shipping profile all items
 * share qualify; `[]` when nothing can serve the cart.
 */
export async function expressShippingOptions(container: MedusaContainer, cartId: string): Promise<ExpressShippingOption[]> {
  const logger = container.resolve(ContainerRegistrationKeys.LOGGER)
  const cart = await cartForShipping(container, cartId)
  const profiles = new Set((cart.items ?? []).map((item) => item.variant?.product?.shipping_profile?.id ?? ""))
  if (profiles.size !== 1 || profiles.has("")) return []
  const [profile] = profiles

  const { result } = await listShippingOptionsForCartWithPricingWorkflow(container).run({
    input: { cart_id: cartId, is_return: false },
  })
  const options = (result as unknown as PricedOption[]).filter((o) => o.shipping_profile_id === profile && o.amount != null)
  if (!options.length) return []

  const taxLines = await shippingTaxLines(container, cart, options)
  const priced: ExpressShippingOption[] = []
  for (const option of options) {
    const totals = getShippingMethodTotals(
      {
        id: option.id,
        amount: new BigNumber(option.amount as any),
        is_tax_inclusive: !!option.is_tax_inclusive,
        tax_lines: (taxLines.get(option.id) ?? []) as any,
        adjustments: [],
      },
      { includeTax: true }
    )
    try {
      priced.push({ id: option.id, name: option.name, amount: toMinorUnits(totals.total.raw as any, cart.currency_code), type: shippingTypeOf(option) })
    } catch (error) {
      // e.g. 25 % of 9.99 has more decimals than the currency: Vipps could never authorize it exactly.
      logger.warn(`Vipps MobilePay express: shipping option ${option.id} left out: ${(error as Error).message}`)
    }
  }
  return priced.sort((a, b) => a.amount - b.amount)
}

/** The tax lines Medusa's tax module gives each option's shipping at the cart's address. */
async function shippingTaxLines(container: MedusaContainer, cart: CartForShipping, options: PricedOption[]) {
  const byOption = new Map<string, { rate: number; code?: string; name?: string }[]>()
  const address = cart.shipping_address
  if (!address?.country_code) return byOption
  const taxModule = container.resolve(Modules.TAX)
  const lines = (await taxModule.getTaxLines(
    options.map((o) => ({ id: o.id, shipping_option_id: o.id, unit_price: o.amount as any, currency_code: cart.currency_code })),
    {
      address: {
        country_code: address.country_code,
        province_code: address.province ?? undefined,
        address_1: address.address_1 ?? undefined,
        city: address.city ?? undefined,
        postal_code: address.postal_code ?? undefined,
      },
      ...(cart.customer_id ? { customer: { id: cart.customer_id, email: cart.email ?? "", customer_groups: [] } } : {}),
    } as any
  )) as { shipping_line_id?: string; rate: number; code?: string; name?: string }[]
  for (const line of lines) {
    if (!line.shipping_line_id) continue
    byOption.set(line.shipping_line_id, [...(byOption.get(line.shipping_line_id) ?? []), line])
  }
  return byOption
}

/** The option's Vipps delivery type: its Medusa type code when it names one (e.g. `pickup_point`). */
function shippingTypeOf(option: PricedOption): ShippingGroup["type"] {
  const code = (option.type?.code ?? "").toUpperCase().replace(/[^A-Z]+/g, "_")
  return SHIPPING_TYPES.find((t) => t === code) ?? "HOME_DELIVERY"
}

/**
 * The options as Vipps shipping groups (one group per option, cheapest first and pre-selected).
 * An option without a name gets the catalogue's word for shipping in the shopper's language.
 */
export function toShippingGroups(options: ExpressShippingOption[], currency: string, voice?: ShopperVoice): ShippingGroup[] {
  const unnamed = shopperText("receipt_shipping", voice ?? shopperVoice({ currency }))
  return options.map((option, index) => ({
    type: option.type,
    brand: "OTHER",
    isDefault: index === 0,
    priority: index,
    options: [{ id: option.id, name: option.name?.trim() || unnamed, amount: { value: option.amount, currency: currency.toUpperCase() }, isDefault: index === 0, priority: 0 }],
  }))
}
