import { timingSafeEqual } from "node:crypto"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import type { MedusaContainer } from "@medusajs/framework/types"
import type { ShippingGroup } from "../vipps"
import type { VippsSessionData } from "../providers/vipps/session-data"
import { expressShippingOptions, toShippingGroups } from "./shipping-options"
import { shopperVoice } from "../shopper-texts"

/** The spec's DynamicShippingGroupsRequest: the address the shopper picked in the app. */
export type ShippingCallbackRequest = {
  reference: string
  AddressLine1: string
  AddressLine2?: string | null
  City: string
  PostCode: string
  Country: string
}

export type ShippingCallbackAnswer = { status: 200; body: { groups: ShippingGroup[] } } | { status: 400 | 401 | 404; body: { message: string } }

type Session = { provider_id: string; status: string; payment_collection_id: string; data: Record<string, unknown> }

export function parseShippingCallback(body: unknown): ShippingCallbackRequest | undefined {
  const b = body as Record<string, unknown> | undefined
  const text = (v: unknown) => typeof v === "string" && v.trim() !== ""
  if (!b || !text(b.reference) || !text(b.AddressLine1) || !text(b.City) || !text(b.PostCode) || !text(b.Country)) return undefined
  return b as unknown as ShippingCallbackRequest
}

/** Constant-time comparison of the callback's `Authorization` with the payment's token. */
export function callbackTokenMatches(header: string | undefined, expected: unknown): boolean {
  if (typeof expected !== "string" || !expected || typeof header !== "string") return false
  const presented = Buffer.from(header.replace(/^Bearer\s+/i, "").trim())
  const wanted = Buffer.from(expected)
  return presented.length === wanted.length && timingSafeEqual(presented, wanted)
}

/**
 * Vipps asks which shipping options can deliver this payment's cart to an address. The token
 * must be the payment's own (`data.express.callback_token`); the address goes on the cart
 * through the cart module (no payment-collection refresh: the cart total does not change, the
 * session stays) and the answer is Medusa's options for it, priced incl. tax.
 */
export async function answerShippingCallback(
  container: MedusaContainer,
  providerId: string,
  authorization: string | undefined,
  request: ShippingCallbackRequest,
  session: Session | undefined
): Promise<ShippingCallbackAnswer> {
  const data = session?.data as VippsSessionData | undefined
  if (!session || session.provider_id !== providerId || !callbackTokenMatches(authorization, data?.express?.callback_token)) {
    return { status: 401, body: { message: "Unknown payment or wrong authorization token" } }
  }
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const { data: links } = await query.graph({
    entity: "cart_payment_collection",
    fields: ["cart_id", "cart.region.countries.iso_2", "cart.completed_at"],
    filters: { payment_collection_id: session.payment_collection_id },
  })
  const link = links[0] as { cart_id?: string; cart?: { completed_at?: string | null; region?: { countries?: { iso_2: string }[] } } } | undefined
  if (!link?.cart_id || link.cart?.completed_at) return { status: 404, body: { message: "No open cart for this payment" } }

  const country = request.Country.trim().toLowerCase()
  const countries = (link.cart?.region?.countries ?? []).map((c) => c.iso_2.toLowerCase())
  if (!countries.includes(country)) return { status: 200, body: { groups: [] } }

  await container.resolve(Modules.CART).updateCarts(link.cart_id, {
    shipping_address: {
      address_1: request.AddressLine1.trim(),
      address_2: request.AddressLine2?.trim() || null,
      city: request.City.trim(),
      postal_code: request.PostCode.trim(),
      country_code: country,
    },
  } as any)
  const options = await expressShippingOptions(container, link.cart_id)
  const voice = shopperVoice({ language: data!.language, currency: data!.currency })
  return { status: 200, body: { groups: toShippingGroups(options, data!.currency, voice) } }
}
