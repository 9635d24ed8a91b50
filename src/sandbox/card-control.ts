// The control API's way of paying a CARD payment (POST /_sandbox/payments/:reference/approve):
// what the shopper would do on the card form, in one call.
import { APPROVING_TEST_CARD, checkCardEntry } from "./card"
import type { SandboxContext } from "./context"
import { validationError } from "./errors"
import type { Payment } from "./payment-types"

/**
 * Pays with `card` (default: the approving test card; a future expiry and a CVC are filled in)
 * and, for the 3-D Secure card, answers the step with `threeDSecure` ("approve", the default,
 * or "fail"; "pending" leaves the payment waiting on the step).
 */
export function approveCardAsShopper(ctx: SandboxContext, p: Payment, body: Record<string, unknown>): Payment {
  const { card, threeDSecure } = body
  if (card !== undefined && typeof card !== "string") throw validationError([{ name: "card", reason: "card must be a test card number." }])
  if (threeDSecure !== undefined && threeDSecure !== "approve" && threeDSecure !== "fail" && threeDSecure !== "pending") {
    throw validationError([{ name: "threeDSecure", reason: "threeDSecure must be approve, fail or pending." }])
  }
  const nextYear = String((new Date(ctx.clock.now()).getUTCFullYear() + 1) % 100).padStart(2, "0")
  const check = checkCardEntry({ number: card ?? APPROVING_TEST_CARD, expiry: `12/${nextYear}`, cvc: "123" }, ctx.clock.now())
  if (!check.ok) throw validationError([{ name: "card", reason: `${check.message}.` }])
  ctx.payments.payWithCard(p, check.bin, check.behaviour)
  if (check.behaviour === "challenge" && threeDSecure !== "pending") ctx.payments.payWithCard(p, check.bin, threeDSecure === "fail" ? "decline" : "approve")
  return p
}
