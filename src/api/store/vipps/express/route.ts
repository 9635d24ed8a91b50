import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { MedusaError } from "@medusajs/framework/utils"
import { startExpressCheckout } from "../../../../express"
import { requestedLanguage } from "../../../shopper-language"

type Body = { cart_id?: unknown; variant_id?: unknown; quantity?: unknown; region_id?: unknown; provider_id?: unknown; language?: unknown }

const optionalString = (value: unknown, name: string) => {
  if (value === undefined || value === null) return undefined
  if (typeof value !== "string" || !value.trim()) throw new MedusaError(MedusaError.Types.INVALID_DATA, `${name} must be a string.`)
  return value
}

/**
 * Starts an express checkout (publishable key, like every store route): `{ cart_id }` for the
 * cart, or `{ variant_id, quantity, region_id }` from the product page (a new cart); optional
 * `provider_id` and `language` (or `?lang=`; else the cart's locale, else the market's). Answers
 * `{ cart_id, reference, redirect_url, payment_session_id }`: send the shopper to `redirect_url`;
 * the return page is the same as for any Vipps payment. A refusal the shopper reads comes in
 * their language with a stable `code` (e.g. vipps_express_unavailable).
 */
export const POST = async (req: MedusaRequest<Body>, res: MedusaResponse) => {
  const body = (req.body ?? {}) as Body
  const quantity = body.quantity
  if (quantity !== undefined && (typeof quantity !== "number" || !Number.isInteger(quantity) || quantity < 1)) {
    throw new MedusaError(MedusaError.Types.INVALID_DATA, "quantity must be a whole number of at least 1.")
  }
  const channels = (req as unknown as { publishable_key_context?: { sales_channel_ids?: string[] } }).publishable_key_context?.sales_channel_ids ?? []
  const result = await startExpressCheckout(req.scope, {
    cart_id: optionalString(body.cart_id, "cart_id"),
    variant_id: optionalString(body.variant_id, "variant_id"),
    region_id: optionalString(body.region_id, "region_id"),
    provider_id: optionalString(body.provider_id, "provider_id"),
    quantity: quantity as number | undefined,
    sales_channel_id: channels.length === 1 ? channels[0] : undefined,
    language: requestedLanguage(req),
  })
  res.json(result)
}
