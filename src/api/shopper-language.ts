import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { languageOfTag, shopperCodeOf, type ShopperLanguage } from "../shopper-texts"

/**
 * The shopper language a storefront asked for on one of the plugin's store routes: `?lang=`,
 * the `x-vipps-language` header, or a body field `language` (in that order; BCP 47 tags such
 * as "nb-NO" work). Undefined when none names one of en, nb, da, fi, sv.
 */
export function requestedLanguage(req: MedusaRequest): ShopperLanguage | undefined {
  const header = req.headers?.["x-vipps-language"]
  const body = (req.body ?? {}) as { language?: unknown }
  return (
    languageOfTag(typeof req.query?.lang === "string" ? req.query.lang : undefined) ??
    languageOfTag(typeof header === "string" ? header : undefined) ??
    languageOfTag(typeof body.language === "string" ? body.language : undefined)
  )
}

type Next = (error?: unknown) => void

/**
 * Medusa's cart completion passes on only a provider's `message` (with `name` and `type`): this
 * adds `error.code` when that message is one of the plugin's shopper texts, so a storefront can
 * show its own text for it (POST /store/carts/:id/complete).
 */
export function addShopperCodeToCompletion(_req: MedusaRequest, res: MedusaResponse, next: Next) {
  const json = res.json.bind(res)
  res.json = ((body: any) => {
    const error = body?.type === "cart" ? body.error : undefined
    const code = error && !error.code ? shopperCodeOf(error.message) : undefined
    return json(code ? { ...body, error: { ...error, code } } : body)
  }) as MedusaResponse["json"]
  next()
}

/**
 * A new Vipps MobilePay payment session (POST /store/payment-collections/:id/payment-sessions)
 * without `data.language` gets the one asked for on the request (`?lang=`, header), else the
 * cart's locale: the payment's texts (description in the app, failure messages) follow it.
 */
export async function addShopperLanguageToSession(req: MedusaRequest, _res: MedusaResponse, next: Next) {
  try {
    const body = req.body as { provider_id?: unknown; data?: Record<string, unknown> } | undefined
    if (body && typeof body.provider_id === "string" && body.provider_id.startsWith("pp_vipps_") && !body.data?.language) {
      const language = requestedLanguage(req) ?? languageOfTag(await cartLocaleOf(req, req.params.id))
      if (language) body.data = { ...(body.data ?? {}), language }
    }
    next()
  } catch (error) {
    next(error)
  }
}

async function cartLocaleOf(req: MedusaRequest, paymentCollectionId: string | undefined): Promise<string | undefined> {
  if (!paymentCollectionId) return undefined
  const query = req.scope.resolve(ContainerRegistrationKeys.QUERY)
  const { data: links } = await query.graph({ entity: "cart_payment_collection", fields: ["cart_id"], filters: { payment_collection_id: paymentCollectionId } })
  const cartId = (links[0] as { cart_id?: string } | undefined)?.cart_id
  if (!cartId) return undefined
  const { data: carts } = await query.graph({ entity: "cart", fields: ["locale"], filters: { id: cartId } })
  return (carts[0] as { locale?: string | null } | undefined)?.locale ?? undefined
}
