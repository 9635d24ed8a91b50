import { httpStatusOf, messageOf, VippsStorefrontError } from "./errors"
import { kitVoice, type VippsVoiceOptions } from "./texts"
import type { MedusaStoreClient, StoreHeaders } from "./types"
import { shopperCodeOf, shopperText } from "../shopper-texts"

/**
 * What to buy with Express: an existing cart (the cart page's button), or one product variant
 * (the product page's button: the plugin makes a new cart in the region). Neither needs an
 * address or an email: the shopper shares them, and picks the shipping, in the Vipps MobilePay app.
 */
export type VippsExpressTarget = { cartId: string } | { variantId: string; quantity?: number; regionId: string }

export type StartVippsExpressOptions = VippsVoiceOptions & {
  /** The region's currency, for the brand in the kit's own messages (the store's refusals name it themselves). */
  currency?: string
  /** Which Vipps MobilePay provider (`pp_vipps_<id>`), when the region has several. */
  providerId?: string
  /** Headers for the Store API call (e.g. the customer's auth headers in a server action). */
  headers?: StoreHeaders
}

/** The answer of `POST /store/vipps/express`. */
export type VippsExpressStart = {
  /** Send the shopper here with a full-page navigation (`location.assign`), never in an iframe. */
  redirect_url: string
  /** The Vipps reference of this payment (also in the return URL). */
  reference: string
  /** The cart being paid: the one passed, or the new one made for the variant. */
  cart_id: string
  payment_session_id: string
}

/**
 * Starts an Express checkout (Vipps Hurtigkasse / MobilePay Express) through the plugin's
 * `POST /store/vipps/express`: the plugin creates the Vipps payment with the shipping options
 * that can serve the cart, and after the shopper approves in the app it fills in the address,
 * email and shipping method and places the order. The return page is the same as for a
 * normal payment (waitForVippsPayment). Needs Express enabled on the provider (see the README).
 *
 *   const { redirect_url } = await startVippsExpress(sdk, { variantId, quantity: 1, regionId })
 *   location.assign(redirect_url)
 */
export async function startVippsExpress(
  sdk: MedusaStoreClient,
  target: VippsExpressTarget,
  options: StartVippsExpressOptions = {}
): Promise<VippsExpressStart> {
  const voice = kitVoice(options, { currency: options.currency })
  const failed = shopperText("vipps_express_start_failed", voice)
  const invalid = (detail: string) => new VippsStorefrontError("invalid_request", failed, undefined, detail)
  let body: Record<string, unknown>
  if ("cartId" in target) {
    if (!target.cartId) throw invalid("startVippsExpress needs a cartId, or a variantId and a regionId.")
    body = { cart_id: target.cartId }
  } else {
    const quantity = target.quantity ?? 1
    if (!target.variantId || !target.regionId) throw invalid("startVippsExpress needs a variantId and a regionId (or a cartId).")
    if (!Number.isInteger(quantity) || quantity < 1) throw invalid(`The quantity must be a whole number of at least 1 (got ${quantity}).`)
    body = { variant_id: target.variantId, quantity, region_id: target.regionId }
  }
  if (options.providerId) body.provider_id = options.providerId
  // Only when asked: otherwise the store takes the cart's locale, else the market's language.
  if (options.language) body.language = voice.language
  let answer: Partial<VippsExpressStart>
  try {
    answer = await sdk.client.fetch<VippsExpressStart>("/store/vipps/express", { method: "POST", body, headers: options.headers })
  } catch (error) {
    // The store's refusals for shoppers (cart empty, express not available …) are already in
    // their language; anything else gets the kit's sentence, the store's answer goes to `detail`.
    const answered = messageOf(error)
    const message = shopperCodeOf(answered) ? answered : failed
    throw new VippsStorefrontError("request_failed", message, httpStatusOf(error), `Vipps MobilePay Express could not start: ${answered}`)
  }
  if (typeof answer?.redirect_url !== "string" || !answer.redirect_url) {
    throw new VippsStorefrontError("no_redirect", shopperText("vipps_payment_no_page", voice), undefined, "POST /store/vipps/express answered no redirect_url.")
  }
  return {
    redirect_url: answer.redirect_url,
    reference: String(answer.reference ?? ""),
    cart_id: String(answer.cart_id ?? ""),
    payment_session_id: String(answer.payment_session_id ?? ""),
  }
}
