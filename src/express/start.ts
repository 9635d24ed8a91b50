import {
  createCartWorkflow,
  createPaymentCollectionForCartWorkflow,
  createPaymentSessionsWorkflow,
  refreshPaymentCollectionForCartWorkflow,
  updateCartWorkflow,
  updateTaxLinesWorkflow,
} from "@medusajs/medusa/core-flows"
import { ContainerRegistrationKeys, MedusaError, Modules } from "@medusajs/framework/utils"
import type { MedusaContainer } from "@medusajs/framework/types"
import { VIPPS_PROVIDER_PREFIX, resolveVippsProvider } from "../sales-units"
import { vippsErrorOf } from "../providers/vipps/medusa-error"
import type { VippsSessionData } from "../providers/vipps/session-data"
import { expressShippingOptions, toShippingGroups } from "./shipping-options"
import { shopperText, shopperVoice, type ShopperCode, type ShopperTextParams, type ShopperVoice } from "../shopper-texts"

export type StartExpressInput = {
  cart_id?: string
  variant_id?: string
  quantity?: number
  region_id?: string
  provider_id?: string
  /** From the publishable key, when it has exactly one sales channel. */
  sales_channel_id?: string
  /** The shopper's language the storefront asked for (else the cart's locale, else the market's). */
  language?: string
}

export type StartExpressResult = { cart_id: string; reference: string; redirect_url: string; payment_session_id: string }

// The country each Vipps MobilePay market ships to (NOK Norway, DKK Denmark, EUR Finland).
const MARKET_COUNTRY: Record<string, string> = { nok: "no", dkk: "dk", eur: "fi" }

type ExpressCart = {
  id: string
  currency_code: string
  completed_at?: string | null
  locale?: string | null
  customer_id?: string | null
  items?: { id: string }[]
  shipping_address?: { country_code?: string | null } | null
  payment_collection?: { id: string } | null
  region?: { id: string; countries?: { iso_2: string }[]; payment_providers?: { id: string }[] } | null
}

const invalid = (message: string) => new MedusaError(MedusaError.Types.INVALID_DATA, message)
const notAllowed = (message: string) => new MedusaError(MedusaError.Types.NOT_ALLOWED, message)

/** A refusal the shopper reads: in their language, with its stable code (answered as `code`). */
function refusal(voice: ShopperVoice, code: ShopperCode, params?: ShopperTextParams, type: string = MedusaError.Types.NOT_ALLOWED) {
  return new MedusaError(type, shopperText(code, voice, params), code)
}

/** The shopper's language and the app's brand for this cart (before a provider is chosen: by market and date). */
const voiceFor = (input: StartExpressInput, cart?: ExpressCart, brand?: "auto" | "vipps" | "mobilepay") =>
  shopperVoice({ language: input.language, locale: cart?.locale, currency: cart?.currency_code, brand })

async function readCart(container: MedusaContainer, cartId: string): Promise<ExpressCart | undefined> {
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const { data } = await query.graph({
    entity: "cart",
    fields: [
      "id", "currency_code", "completed_at", "locale", "customer_id", "items.id", "shipping_address.country_code",
      "payment_collection.id", "region.id", "region.countries.iso_2", "region.payment_providers.id",
    ],
    filters: { id: cartId },
  })
  return data[0] as unknown as ExpressCart | undefined
}

async function shippingMethodIdsOf(container: MedusaContainer, cartId: string): Promise<string[]> {
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const { data } = await query.graph({ entity: "cart", fields: ["shipping_methods.id"], filters: { id: cartId } })
  return ((data[0] as { shipping_methods?: { id: string }[] } | undefined)?.shipping_methods ?? []).map((m) => m.id)
}

/** The cart to pay: the one given, or a new one with the product page's variant and quantity. */
async function cartFor(container: MedusaContainer, input: StartExpressInput): Promise<ExpressCart> {
  if (input.cart_id) {
    const cart = await readCart(container, input.cart_id)
    if (!cart) throw refusal(voiceFor(input), "vipps_express_cart_missing", undefined, MedusaError.Types.NOT_FOUND)
    if (cart.completed_at) throw refusal(voiceFor(input, cart), "vipps_express_cart_completed")
    return cart
  }
  if (!input.variant_id || !input.region_id) throw invalid("Send cart_id, or variant_id, quantity and region_id.")
  const quantity = input.quantity ?? 1
  if (!Number.isInteger(quantity) || quantity < 1) throw invalid("quantity must be a whole number of at least 1.")
  const { result } = await createCartWorkflow(container).run({
    input: {
      region_id: input.region_id,
      ...(input.sales_channel_id ? { sales_channel_id: input.sales_channel_id } : {}),
      items: [{ variant_id: input.variant_id, quantity }],
    },
  })
  return (await readCart(container, result.id))!
}

/** The region's Vipps MobilePay provider with express enabled (or the one asked for). */
async function expressProviderFor(container: MedusaContainer, cart: ExpressCart, input: StartExpressInput): Promise<string> {
  const requested = input.provider_id
  const enabled = (cart.region?.payment_providers ?? []).map((p) => p.id).filter((id) => id.startsWith(VIPPS_PROVIDER_PREFIX))
  const candidates = requested ? enabled.filter((id) => id === requested || id === `${VIPPS_PROVIDER_PREFIX}${requested}`) : enabled
  if (requested && !candidates.length) throw notAllowed(`The cart's region does not offer the Vipps MobilePay provider ${requested}.`)
  // As it applies now: medusa-config's `express` or what a shop admin set on the settings page.
  const on = await Promise.all(candidates.map(async (id) => (await resolveVippsProvider(container, id)?.effectiveOptions())?.express.enabled === true))
  const express = candidates.filter((_, i) => on[i])
  if (!express.length) throw refusal(voiceFor(input, cart), "vipps_express_unavailable")
  return express[0]
}

/**
 * Starts an express payment: the cart (no address or email needed), its shipping country set
 * to the market's, taxes, the payment collection and a session through Medusa's own payment
 * session path; the provider creates the ePayment with the profile scope and the shipping
 * options (fixed: the Medusa options that can serve the cart, exact prices incl. tax).
 */
export async function startExpressCheckout(container: MedusaContainer, input: StartExpressInput): Promise<StartExpressResult> {
  let cart = await cartFor(container, input)
  if (!cart.items?.length) throw refusal(voiceFor(input, cart), "vipps_express_cart_empty")
  const providerId = await expressProviderFor(container, cart, input)
  const provider = resolveVippsProvider(container, providerId)!
  const voice = voiceFor(input, cart, provider.options.brand)

  const country = MARKET_COUNTRY[cart.currency_code.toLowerCase()]
  const countries = (cart.region?.countries ?? []).map((c) => c.iso_2.toLowerCase())
  if (!country || !countries.includes(country)) {
    throw refusal(voice, "vipps_express_outside_market", { country: country?.toUpperCase() ?? "NO, DK, FI" })
  }
  if (cart.shipping_address?.country_code?.toLowerCase() !== country) {
    await updateCartWorkflow(container).run({ input: { id: cart.id, shipping_address: { country_code: country } } })
  }
  // Vipps adds the shipping the shopper picks in the app: a method already on the cart (from a
  // normal checkout started earlier) must not be paid for twice.
  const methods = await shippingMethodIdsOf(container, cart.id)
  if (methods.length) await container.resolve(Modules.CART).softDeleteShippingMethods(methods)
  // Express orders are taxed as Medusa taxes the cart at completion time; so is the amount asked for.
  await updateTaxLinesWorkflow(container).run({ input: { cart_id: cart.id, force_tax_calculation: true } })

  const options = await expressShippingOptions(container, cart.id)
  if (!options.length) throw refusal(voice, "vipps_express_no_shipping", { country: country.toUpperCase() })

  cart = (await readCart(container, cart.id))!
  let collectionId = cart.payment_collection?.id
  if (!collectionId) {
    await createPaymentCollectionForCartWorkflow(container).run({ input: { cart_id: cart.id } })
    collectionId = (await readCart(container, cart.id))!.payment_collection!.id
  } else {
    await refreshPaymentCollectionForCartWorkflow(container).run({ input: { cart_id: cart.id } })
  }

  const dynamic = (await provider.effectiveOptions()).express.shipping === "dynamic"
  // Where the shopper's address may be (shipping.allowedCountries): the region's countries when it
  // has more than one and the options are asked per address (dynamic). Fixed options are priced
  // for the market's country, which is Vipps's default without the field.
  const allowedCountries = dynamic && countries.length > 1 ? countries.map((c) => c.toUpperCase()) : undefined
  let session: { id: string; data: Record<string, unknown> }
  try {
    const { result } = await createPaymentSessionsWorkflow(container).run({
      input: {
        payment_collection_id: collectionId,
        provider_id: providerId,
        customer_id: cart.customer_id ?? undefined,
        data: {
          express: {
            provider_id: providerId,
            ...(dynamic ? {} : { fixed_options: toShippingGroups(options, cart.currency_code, voice) }),
            ...(allowedCountries ? { allowed_countries: allowedCountries } : {}),
          },
          language: voice.language,
        },
      },
    })
    session = result as unknown as typeof session
  } catch (error) {
    const vipps = vippsErrorOf(error)
    if (vipps?.code === "5020" || /code 5020/.test((error as Error)?.message ?? "")) {
      // The shopper gets their sentence; the shop's part goes to the log.
      container.resolve(ContainerRegistrationKeys.LOGGER).warn(
        `Vipps MobilePay express (${providerId}): Vipps MobilePay has not enabled Express for this sales unit (error 5020); ask Vipps MobilePay to enable it.`
      )
      throw refusal(voice, "vipps_express_unavailable")
    }
    throw error
  }
  const data = session.data as unknown as VippsSessionData
  return { cart_id: cart.id, reference: data.reference, redirect_url: data.redirect_url ?? "", payment_session_id: session.id }
}
