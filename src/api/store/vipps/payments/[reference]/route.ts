import { timingSafeEqual } from "node:crypto"
import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { MedusaError } from "@medusajs/framework/utils"
import { findSessionByReference, placedOrderOf, syncVippsPayment } from "../../../../../payment-sync"

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
 */
export const GET = async (req: MedusaRequest, res: MedusaResponse) => {
  const reference = req.params.reference
  const token = typeof req.query.token === "string" ? req.query.token : ""
  const session = await findSessionByReference(req.scope, reference)
  const expected = session?.data?.return_token
  if (!session || typeof expected !== "string" || !token || !sameToken(token, expected)) {
    throw new MedusaError(MedusaError.Types.NOT_FOUND, "No Vipps MobilePay payment matches this link.")
  }

  if (session.payment) {
    const placed = await placedOrderOf(req.scope, session.payment_collection_id)
    if (placed.order_id) {
      const state = (session.payment.data as { state?: string } | null | undefined)?.state ?? session.data.state
      res.json({ reference, state, status: "completed", order_id: placed.order_id, cart_id: placed.cart_id ?? null, message: null })
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
    message: result.message ?? null,
  })
}
