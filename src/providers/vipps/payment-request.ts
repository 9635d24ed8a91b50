// The ePayment create-payment request for one Medusa payment session: its Vipps reference, the
// return URL with the session-less return token, and the customer's number where the flow needs it.
import { randomBytes } from "node:crypto"
import { MedusaError } from "@medusajs/framework/utils"
import { CreatePaymentRequest, ShippingGroup } from "../../vipps"
import { VippsOptions } from "./options"
import { normalizePhoneNumber } from "./phone"
import { buildReference, buildReturnUrl, newReturnToken } from "./reference"
import type { ExpressSessionData } from "./session-data"
import { paymentDescriptionFor } from "./shopper-voice"
import { shopperVoice, type ShopperVoice } from "../../shopper-texts"

/**
 * The request that creates the Vipps payment for session `sessionId` (amount in minor units),
 * and the return token it carries. The phone number is only used by flows that send it to Vipps.
 * The description shown in the app is in the shopper's language (`voice`, default the market's).
 */
export function createPaymentRequestFor(
  options: VippsOptions,
  sessionId: string,
  amount: { value: number; currency: string },
  phone: () => string | undefined,
  voice: ShopperVoice = shopperVoice({ currency: amount.currency, brand: options.brand })
): { body: CreatePaymentRequest; returnToken: string } {
  const { value, currency } = amount
  const reference = buildReference(options.referencePrefix, sessionId)
  const userFlow = options.userFlow
  const returnToken = newReturnToken()

  const body: CreatePaymentRequest = {
    amount: { value, currency },
    // "card": Vipps MobilePay's card form without the app (WEB_REDIRECT only, checked at boot).
    paymentMethod: { type: options.paymentMethod === "card" ? "CARD" : "WALLET" },
    reference,
    userFlow,
    paymentDescription: paymentDescriptionFor(options.paymentDescription, voice),
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

/**
 * Express's profile scope. Vipps's rule (UPDATES-2026, Aug–Oct 2026): it must include `address`,
 * plus what the shop needs — here name, email and phone number, which the order needs (the
 * cart is filled from them; src/express/fill-cart). Not "exactly four words" any more.
 */
export const EXPRESS_PROFILE_SCOPE = "name address email phoneNumber"

/** What the plugin's express route passes in the session's `data.express` (src/express). */
export type ExpressRequestInput = {
  provider_id: string
  fixed_options?: ShippingGroup[]
  /** ISO 3166-1 alpha-2 codes for `shipping.allowedCountries`; omitted: the country of the currency. */
  allowed_countries?: string[]
}

/**
 * Makes `body` an express payment: profile scope and shipping, fixed groups from the express
 * route or the plugin's dynamic callback with a fresh token (`^[a-zA-Z0-9-]{1,50}$`, the
 * spec's Authorization pattern). Returns what the session keeps about it.
 */
export function withExpress(options: VippsOptions, body: CreatePaymentRequest, input: ExpressRequestInput): ExpressSessionData {
  if (!options.express.enabled) {
    throw new MedusaError(MedusaError.Types.NOT_ALLOWED, `Express checkout is not enabled for the Vipps MobilePay provider ${input.provider_id}.`)
  }
  body.profile = { scope: EXPRESS_PROFILE_SCOPE }
  const base = { provider_id: input.provider_id, base_amount: body.amount.value }
  if (options.express.shipping === "dynamic") {
    const id = input.provider_id.replace(/^pp_vipps_/, "")
    const callbackUrl = `${options.webhookBaseUrl!.replace(/\/+$/, "")}/hooks/vipps/${encodeURIComponent(id)}/shipping`
    const token = randomBytes(24).toString("hex")
    body.shipping = { dynamicOptions: { callbackUrl, callbackAuthorizationToken: token }, ...allowedCountriesOf(input) }
    return { ...base, shipping: "dynamic", callback_token: token }
  }
  const groups = input.fixed_options ?? []
  if (!groups.length) {
    throw new MedusaError(MedusaError.Types.INVALID_DATA, "Express checkout needs at least one shipping option for the cart.")
  }
  body.shipping = { fixedOptions: groups, ...allowedCountriesOf(input) }
  const offered = groups.flatMap((g) => g.options.map((o) => ({ id: o.id, name: o.name, amount: o.amount.value })))
  return { ...base, shipping: "fixed", options: offered }
}

/** `allowedCountries` when the route gave countries (upper case, distinct), else nothing. */
function allowedCountriesOf(input: ExpressRequestInput): { allowedCountries?: string[] } {
  const countries = [...new Set((input.allowed_countries ?? []).map((c) => c.toUpperCase()))]
  return countries.length ? { allowedCountries: countries } : {}
}
