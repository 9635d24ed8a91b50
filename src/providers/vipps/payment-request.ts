// The ePayment create-payment request for one Medusa payment session: its Vipps reference, the
// return URL with the session-less return token, and the customer's number where the flow needs it.
import { MedusaError } from "@medusajs/framework/utils"
import { CreatePaymentRequest } from "../../vipps"
import { VippsOptions } from "./options"
import { normalizePhoneNumber } from "./phone"
import { buildReference, buildReturnUrl, newReturnToken } from "./reference"

/**
 * The request that creates the Vipps payment for session `sessionId` (amount in minor units),
 * and the return token it carries. The phone number is only used by flows that send it to Vipps.
 */
export function createPaymentRequestFor(
  options: VippsOptions,
  sessionId: string,
  amount: { value: number; currency: string },
  phone: () => string | undefined
): { body: CreatePaymentRequest; returnToken: string } {
  const { value, currency } = amount
  const reference = buildReference(options.referencePrefix, sessionId)
  const userFlow = options.userFlow
  const returnToken = newReturnToken()

  const body: CreatePaymentRequest = {
    amount: { value, currency },
    paymentMethod: { type: "WALLET" },
    reference,
    userFlow,
    paymentDescription: options.paymentDescription,
  }
  if (userFlow === "WEB_REDIRECT" || userFlow === "NATIVE_REDIRECT") {
    body.returnUrl = buildReturnUrl(options.returnUrl, reference, returnToken)
  }
  if (userFlow === "PUSH_MESSAGE" || userFlow === "NATIVE_REDIRECT") {
    const phoneNumber = normalizePhoneNumber(phone(), currency)
    if (phoneNumber) body.customer = { phoneNumber }
    else if (userFlow === "PUSH_MESSAGE") {
      throw new MedusaError(
        MedusaError.Types.INVALID_DATA,
        "Vipps MobilePay needs the customer's mobile number (with country code) to send the payment request to the app."
      )
    }
  }
  return { body, returnToken }
}
