import { timingSafeEqual } from "node:crypto"
import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { MedusaError } from "@medusajs/framework/utils"
import { findSessionByReference, syncVippsPayment } from "../../../../../payment-sync"

function sameToken(a: string, b: string) {
  const left = Buffer.from(a)
  const right = Buffer.from(b)
  return left.length === right.length && timingSafeEqual(left, right)
}

/**
 * For the storefront's return page: `GET /store/vipps/payments/:reference?token=…` with the
 * reference and token Vipps sent the shopper back with. Works without the shopper's browser
 * session (the return may open in another browser). Reads the payment at Vipps and, when it is
 * authorized and no order exists yet, completes the cart — the same path webhooks take.
 */
export const GET = async (req: MedusaRequest, res: MedusaResponse) => {
  const reference = req.params.reference
  const token = typeof req.query.token === "string" ? req.query.token : ""
  const session = await findSessionByReference(req.scope, reference)
  const expected = session?.data?.return_token
  if (!session || typeof expected !== "string" || !token || !sameToken(token, expected)) {
    throw new MedusaError(MedusaError.Types.NOT_FOUND, "No Vipps MobilePay payment matches this link.")
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
