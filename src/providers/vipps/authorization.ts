// When Medusa may take a Vipps payment as the session's authorization: AUTHORIZED, for exactly
// the cart total, with nothing released. Anything else throws the sentence that says why
// (Medusa's payment module would otherwise answer a generic "not authorized").
import { MedusaError } from "@medusajs/framework/utils"
import { GetPaymentResponse, shopperMessageForState } from "../../vipps"
import { VippsSessionData, aggregateInMinorUnits } from "./session-data"
import { VippsState } from "./status"

/** The payment's aggregate in minor units, once the authorization is acceptable; throws otherwise. */
export function acceptedAuthorization(session: VippsSessionData, payment: GetPaymentResponse) {
  const state = payment.state as VippsState
  if (state !== "AUTHORIZED") {
    // The module would replace this by a generic "not authorized"; our sentence says why.
    throw new MedusaError(MedusaError.Types.PAYMENT_AUTHORIZATION_ERROR, shopperMessageForState(state) ?? `Vipps MobilePay payment is ${state}.`)
  }
  const aggregate = aggregateInMinorUnits(payment)
  if (session.amount !== undefined && aggregate.authorized !== session.amount) {
    // Never accept an authorization that does not match the cart total.
    throw new MedusaError(
      MedusaError.Types.PAYMENT_AUTHORIZATION_ERROR,
      `Vipps MobilePay authorized ${aggregate.authorized} but the cart total is ${session.amount} (minor units of ${session.currency}). The payment was not accepted.`
    )
  }
  if (aggregate.cancelled > 0) {
    // Released before an order took it (e.g. the cart could not become an order): never accept it.
    throw new MedusaError(
      MedusaError.Types.PAYMENT_AUTHORIZATION_ERROR,
      session.completion_error ??
        "The Vipps MobilePay reservation was released, so this payment can no longer be used. Nothing was charged. Choose Vipps MobilePay again to start a new payment."
    )
  }
  return aggregate
}
