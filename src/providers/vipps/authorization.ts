// When Medusa may take a Vipps payment as the session's authorization: AUTHORIZED, for exactly
// the cart total, with nothing released. Anything else throws the sentence that says why
// (Medusa's payment module would otherwise answer a generic "not authorized").
import { MedusaError } from "@medusajs/framework/utils"
import { GetPaymentResponse, fromMinorUnits, shopperCodeForState } from "../../vipps"
import { shopperText, type ShopperCode, type ShopperVoice } from "../../shopper-texts"
import { VippsSessionData, aggregateInMinorUnits } from "./session-data"
import { VippsState } from "./status"

/**
 * The shopper's text for a payment that ended without authorization (ABORTED, EXPIRED,
 * TERMINATED). A card payment ends ABORTED when the card is declined or 3-D Secure fails, not
 * in the app: it has a sentence of its own.
 */
export function failureCodeFor(state: string, session: { payment_method?: string }): ShopperCode | undefined {
  return state === "ABORTED" && session.payment_method === "CARD" ? "vipps_card_aborted" : shopperCodeForState(state)
}

/**
 * The payment's aggregate in minor units, once the authorization is acceptable; throws otherwise,
 * in the shopper's language (`voice`).
 */
export function acceptedAuthorization(session: VippsSessionData, payment: GetPaymentResponse, voice: ShopperVoice) {
  const state = payment.state as VippsState
  const refuse = (message: string) => new MedusaError(MedusaError.Types.PAYMENT_AUTHORIZATION_ERROR, message)
  if (state !== "AUTHORIZED") {
    // The module would replace this by a generic "not authorized"; our sentence says why.
    const code = failureCodeFor(state, session)
    throw refuse(code ? shopperText(code, voice) : shopperText("vipps_payment_failed", voice))
  }
  const aggregate = aggregateInMinorUnits(payment)
  if (session.amount !== undefined && aggregate.authorized !== session.amount) {
    // Never accept an authorization that does not match the cart total.
    const money = (minor: number) => `${fromMinorUnits(minor, session.currency)} ${session.currency}`
    throw refuse(shopperText("vipps_payment_amount_mismatch", voice, { approved: money(aggregate.authorized), total: money(session.amount) }))
  }
  if (aggregate.cancelled > 0) {
    // Released before an order took it (e.g. the cart could not become an order): never accept it.
    throw refuse(session.completion_error ?? shopperText("vipps_payment_released", voice))
  }
  return aggregate
}
