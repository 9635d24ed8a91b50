import { httpStatusOf, messageOf, VippsStorefrontError } from "./errors"
import { chooseVippsProvider, marketForCurrency, type VippsPaymentMethod } from "./market"
import { kitVoice, type VippsVoiceOptions } from "./texts"
import type { MedusaStoreClient, StoreHeaders, VippsCart, VippsMarket } from "./types"
import { shopperText, type ShopperCode, type ShopperVoice } from "../shopper-texts"

export type StartVippsPaymentOptions = VippsVoiceOptions & {
  /** Which provider, when the region has several Vipps MobilePay providers (see chooseVippsProvider). */
  providerId?: string | Partial<Record<string, string>>
  /** "card" starts the region's card provider (Vipps MobilePay's card form, no app); default "wallet" (the app). */
  method?: VippsPaymentMethod
  /** Extra session data, e.g. `{ phone_number: "+4791234567" }` for the PUSH_MESSAGE user flow. */
  data?: Record<string, unknown>
  /** Headers for the Store API calls (e.g. the customer's auth headers in a server action). */
  headers?: StoreHeaders
}

export type VippsPaymentStart = {
  /** Send the shopper here with a full-page navigation (`location.assign`), never in an iframe. */
  redirect_url: string
  /** The Vipps reference of this attempt (also in the return URL). */
  reference: string
  provider_id: string
  payment_collection_id: string
  market: VippsMarket
}

type PaymentSession = { id: string; provider_id: string; status?: string; data?: Record<string, unknown> }
type PaymentCollection = { id: string; payment_sessions?: PaymentSession[] }

/** Runs a Store API call; a failure becomes the shopper's sentence (`refusedCode` for a 4xx refusal, if given). */
async function storeCall<T>(voice: ShopperVoice, what: string, call: () => Promise<T>, refusedCode?: ShopperCode): Promise<T> {
  try {
    return await call()
  } catch (error) {
    const detail = `${what}: ${messageOf(error)}`
    // A card payment the store refused (e.g. card payments not enabled for the sales unit): say so plainly.
    const status = httpStatusOf(error)
    const code = refusedCode && status !== undefined && status >= 400 && status < 500 ? refusedCode : "vipps_payment_start_failed"
    throw new VippsStorefrontError("request_failed", shopperText(code, voice), status, detail)
  }
}

/**
 * Starts a Vipps MobilePay payment for a cart: picks the region's Vipps MobilePay provider,
 * gets the cart's payment collection (the Store API creates it if missing), creates the payment session (a new
 * Vipps payment with a new reference each time) and returns where to send the shopper.
 * Call it when the shopper presses the Vipps MobilePay button, after address and shipping are
 * on the cart, so the amount Vipps shows is the cart total. The payment speaks the shopper's
 * language (`language`, else the cart's locale, else the market's): the description in the app,
 * and the messages if it does not go through.
 */
export async function startVippsPayment(
  sdk: MedusaStoreClient,
  cart: VippsCart,
  options: StartVippsPaymentOptions = {}
): Promise<VippsPaymentStart> {
  const voice = kitVoice(options, { locale: cart.locale, currency: cart.currency_code })
  const market = marketForCurrency(cart.currency_code, voice)
  const { headers } = options
  const { payment_providers } = await storeCall(voice, "Could not list the region's payment providers", () =>
    sdk.client.fetch<{ payment_providers: { id: string }[] }>("/store/payment-providers", {
      query: { region_id: cart.region_id },
      headers,
    })
  )
  const providerId = chooseVippsProvider(payment_providers.map((p) => p.id), cart.currency_code, options.providerId, voice, options.method)

  let collectionId = cart.payment_collection?.id
  if (!collectionId) {
    const { payment_collection } = await storeCall(voice, "Could not create the cart's payment collection", () =>
      sdk.client.fetch<{ payment_collection: PaymentCollection }>("/store/payment-collections", {
        method: "POST",
        body: { cart_id: cart.id },
        headers,
      })
    )
    collectionId = payment_collection.id
  }

  // data.language: the plugin writes the payment's texts (e.g. the description in the app) in it.
  const data = { ...options.data, language: voice.language }
  const { payment_collection } = await storeCall(
    voice,
    "Vipps MobilePay could not start the payment",
    () =>
      sdk.client.fetch<{ payment_collection: PaymentCollection }>(
        `/store/payment-collections/${encodeURIComponent(collectionId!)}/payment-sessions`,
        { method: "POST", body: { provider_id: providerId, data }, headers }
      ),
    options.method === "card" ? "vipps_card_unavailable" : undefined
  )
  const session = payment_collection.payment_sessions?.find((s) => s.provider_id === providerId)
  const redirectUrl = session?.data?.redirect_url
  if (typeof redirectUrl !== "string" || !redirectUrl) {
    throw new VippsStorefrontError("no_redirect", shopperText("vipps_payment_no_page", voice), undefined, "The payment session has no data.redirect_url.")
  }
  return {
    redirect_url: redirectUrl,
    reference: String(session!.data!.reference ?? ""),
    provider_id: providerId,
    payment_collection_id: payment_collection.id,
    market,
  }
}
