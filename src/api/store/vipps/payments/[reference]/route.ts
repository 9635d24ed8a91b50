import { timingSafeEqual } from "node:crypto"
import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { MedusaError } from "@medusajs/framework/utils"
import { findSessionByReference, placedOrderOf, syncVippsPayment, type SyncResult } from "../../../../../payment-sync"
import { resolveVippsProvider } from "../../../../../sales-units"
import { voiceOfPayment } from "../../../../../providers/vipps/shopper-voice"
import { shopperText, shopperVoice } from "../../../../../shopper-texts"
import { requestedLanguage } from "../../../../shopper-language"

function sameToken(a: string, b: string) {
  const left = Buffer.from(a)
  const right = Buffer.from(b)
  return left.length === right.length && timingSafeEqual(left, right)
}

/**
 * For the storefront's return page: `GET /store/vipps/payments/:reference?token=…` with the
 * reference and token Vipps sent the shopper back with. Works without the shopper's browser
 * session (the return may open in another browser). Once the order exists it answers from
 * Medusa (no Vipps call: the return page polls). Before that it reads the payment at Vipps and,
 * when it is authorized, completes the cart — the same path webhooks take.
 *
 * `message` is in the shopper's language: `?lang=` (or the `x-vipps-language` header), else the
 * one the payment started with; `code` is its stable code, so a storefront may use its own text.
 */
export const GET = async (req: MedusaRequest, res: MedusaResponse) => {
  const reference = req.params.reference
  const token = typeof req.query.token === "string" ? req.query.token : ""
  const language = requestedLanguage(req)
  const session = await findSessionByReference(req.scope, reference)
  const expected = session?.data?.return_token
  if (!session || typeof expected !== "string" || !token || !sameToken(token, expected)) {
    const voice = shopperVoice({ language })
    throw new MedusaError(MedusaError.Types.NOT_FOUND, shopperText("vipps_payment_link_unknown", voice), "vipps_payment_link_unknown")
  }

  if (session.payment) {
    const placed = await placedOrderOf(req.scope, session.payment_collection_id)
    if (placed.order_id) {
      const state = (session.payment.data as { state?: string } | null | undefined)?.state ?? session.data.state
      res.json({ reference, state, status: "completed", order_id: placed.order_id, cart_id: placed.cart_id ?? null, message: null, code: null })
      return
    }
  }

  const result = await syncVippsPayment(req.scope, reference, "return")
  res.json({
    reference,
    state: result.state,
    status: result.outcome,
    order_id: result.order_id ?? null,
    cart_id: result.cart_id ?? null,
    message: inLanguage(req, session.provider_id, result, language) ?? null,
    code: result.code ?? null,
    // What a storefront needs to say `code` itself (the storefront kit does, in its language and brand).
    params: result.params ?? null,
    currency: result.currency ?? null,
    language: language ?? result.language ?? null,
  })
}

/** The result's message, said again in the language the request asked for. */
function inLanguage(req: MedusaRequest, providerId: string, result: SyncResult, language: string | undefined) {
  if (!language || !result.code) return result.message
  const provider = resolveVippsProvider(req.scope, providerId)
  const voice = voiceOfPayment({ currency: result.currency, language: result.language }, provider?.options ?? {}, language)
  return shopperText(result.code, voice, result.params)
}
