// Errors from Vipps MobilePay, normalised so callers can branch on `status` + `code` and show
// `merchantMessage` to a merchant. Titles and details from Vipps may change between releases,
// so no logic here ever reads them: they are kept only for logs.
import { brandFor, marketOfCurrency, shopperText, type ShopperCode, type ShopperVoice } from "../shopper-texts"

export type VippsErrorKind =
  | "http" // Vipps (or its API gateway) answered with an error status
  | "network" // no answer: connection refused/reset, DNS, …
  | "timeout" // no answer within our timeout: the operation may or may not have happened
  | "response" // Vipps answered 2xx but the body was not what the spec promises
  | "request" // we refused to send: the request itself was invalid

export interface VippsExtraDetail {
  name?: string
  reason?: string
  [key: string]: unknown
}

export interface VippsErrorInit {
  kind: VippsErrorKind
  status?: number
  code?: string
  title?: string
  detail?: string
  traceId?: string
  operation?: string
  reference?: string
  extraDetails?: VippsExtraDetail[]
  retryable?: boolean
  merchantMessage?: string
  shopperMessage?: string
  currency?: string
  cause?: unknown
}

export class VippsError extends Error {
  readonly kind: VippsErrorKind
  readonly status?: number
  readonly code?: string
  readonly title?: string
  readonly detail?: string
  readonly traceId?: string
  readonly operation?: string
  readonly reference?: string
  readonly extraDetails?: VippsExtraDetail[]
  readonly retryable: boolean
  readonly merchantMessage: string
  /** The shopper's sentence in English (see shopperCode for the catalogue in other languages). */
  readonly shopperMessage: string
  /** The shopper text's code in src/shopper-texts: vipps_payment_not_possible or vipps_payment_failed. */
  readonly shopperCode: ShopperCode

  constructor(init: VippsErrorInit) {
    const merchantMessage = init.merchantMessage ?? merchantMessageFor(init)
    super(`${merchantMessage} ${suffix(init)}`)
    this.name = "VippsError"
    this.kind = init.kind
    this.status = init.status
    this.code = init.code
    this.title = init.title
    this.detail = init.detail
    this.traceId = init.traceId
    this.operation = init.operation
    this.reference = init.reference
    this.extraDetails = init.extraDetails
    this.retryable = init.retryable ?? isRetryable(init)
    this.merchantMessage = merchantMessage
    // Deliberately vague for the shopper (never "your number is wrong", see NOTES §5 7010).
    this.shopperCode = init.code === "7010" ? "vipps_payment_not_possible" : "vipps_payment_failed"
    this.shopperMessage =
      init.shopperMessage ?? shopperText(this.shopperCode, { language: "en", brand: brandFor(marketOfCurrency(init.currency)) })
    if (init.cause !== undefined) {
      Object.defineProperty(this, "cause", { value: init.cause, enumerable: false })
    }
  }
}

/**
 * Vipps answered 429 (too many requests for this payment) and the caller may not wait as long
 * as Vipps asks: `retryAfterSeconds` says when the same call will be accepted.
 */
export class VippsRateLimitedError extends VippsError {
  readonly retryAfterSeconds: number

  constructor(init: Omit<VippsErrorInit, "kind" | "status" | "merchantMessage"> & { retryAfterSeconds: number }) {
    const { retryAfterSeconds, ...rest } = init
    super({
      ...rest,
      kind: "http",
      status: 429,
      retryable: true,
      merchantMessage: `Vipps MobilePay is busy with this payment; try again in ${retryAfterSeconds} s.`,
    })
    this.name = "VippsRateLimitedError"
    this.retryAfterSeconds = retryAfterSeconds
  }
}

export function isVippsRateLimitedError(error: unknown): error is VippsRateLimitedError {
  return error instanceof VippsRateLimitedError
}

/** An amount we refuse before any HTTP call (bad format, too many decimals, out of range). */
export class VippsAmountError extends Error {
  readonly currency?: string
  constructor(message: string, currency?: string) {
    super(message)
    this.name = "VippsAmountError"
    this.currency = currency
  }
}

export function isVippsError(error: unknown): error is VippsError {
  return error instanceof VippsError
}

export function isVippsAmountError(error: unknown): error is VippsAmountError {
  return error instanceof VippsAmountError
}

// "(Vipps 400 6090, trace 00-abc-01)" – what support needs to find the call at Vipps.
function suffix(init: VippsErrorInit): string {
  const head = ["Vipps", init.status ?? init.kind, init.code].filter((p) => p !== undefined).join(" ")
  return init.traceId ? `(${head}, trace ${init.traceId})` : `(${head})`
}

// Vipps's own word on retrying, by the numeric code (never the title), whatever HTTP status
// carries it (Vipps does not document the status of 6260 and 6280, see UPDATES-2026.md):
// 6160 and 6280 ask for the same request again with the same Idempotency-Key; 6260 is final
// (the customer's bank released the reservation: no retry can capture it).
const RETRY_SAME_KEY_CODES = new Set(["6160", "6280"])
const FINAL_CODES = new Set(["6260"])

/** Vipps asks for this request again, with the same Idempotency-Key (6160, 6280). */
export function retriesWithSameKey(code: string | undefined): boolean {
  return !!code && RETRY_SAME_KEY_CODES.has(code)
}

/** Vipps's answer is final whatever the HTTP status (6260): never retried, never recorded as done. */
export function isFinalCode(code: string | undefined): boolean {
  return !!code && FINAL_CODES.has(code)
}

function isRetryable(init: VippsErrorInit): boolean {
  if (init.kind === "network" || init.kind === "timeout") return true
  if (isFinalCode(init.code)) return false
  if (retriesWithSameKey(init.code)) return true
  const s = init.status
  return s !== undefined && (s >= 500 || s === 423 || s === 429)
}

// Merchant-facing sentences for the Vipps error codes of NOTES §5 that a merchant can act on.
const CODE_MESSAGES: Record<string, (init: VippsErrorInit) => string> = {
  "3010": () => "Vipps MobilePay had an internal error handling this request; it is often caused by a malformed request.",
  "4010": () => "This capture was already sent with a different amount under the same idempotency key.",
  "4020": () => "This idempotency key was already used for another operation on this payment.",
  "4040": () => "Vipps MobilePay rejected the amount: it must be a whole number of øre/cents.",
  "4070": () => "Vipps MobilePay rejected the phone number: use country code and number, digits only (e.g. 47 followed by 8 digits for Norway).",
  "4090": () => "Vipps MobilePay rejected a URL in the request (the return URL must be https).",
  "4140": () => "A required field is missing in the request to Vipps MobilePay.",
  "4150": () => "A payment with this reference already exists at Vipps MobilePay, or this refund was already sent with a different amount.",
  "5010": () => "Blocking commercial cards is only possible for Danish and Finnish sales units.",
  "5020": () =>
    "Express checkout is not enabled for this Vipps MobilePay sales unit. Ask Vipps MobilePay to enable Express for it " +
    "(portal.vippsmobilepay.com, or your Vipps MobilePay contact), or turn express off in the provider's options.",
  "5040": (i) =>
    `This Vipps MobilePay sales unit cannot take payments in ${i.currency ?? "this currency"}: ` +
    "NOK is for Norway (Vipps), DKK for Denmark and EUR for Finland (MobilePay). Check the merchant serial number and the region's currency.",
  "5050": () => "This sales unit is not approved for long-living payments (expiresAt).",
  "5060": () => "The bank account of this Vipps MobilePay sales unit is not verified yet.",
  "5070": () => "Vipps MobilePay cannot create payments for this sales unit; contact Vipps MobilePay support.",
  "5080": () => "This sales unit is not allowed to skip the landing page (PUSH_MESSAGE flow).",
  "5090": () => "Vipps MobilePay does not know a payment with this reference.",
  "5100": () => "Refunds are not possible for this sales unit.",
  "6010": () => "The amount is too small for Vipps MobilePay.",
  "6020": () => "The payment cannot be refunded: it was never authorized.",
  "6030": () => "The payment can no longer be cancelled: the cancellation period has expired.",
  "6040": () => "The payment is fully captured and cannot be cancelled; refund it instead.",
  "6050": () => "The payment cannot be cancelled: it was never authorized.",
  "6060": () => "The payment was already authorized, so it was not cancelled (cancelTransactionOnly).",
  "6070": () => "The payment was cancelled at Vipps MobilePay and can no longer be captured.",
  "6080": () => "The payment cannot be captured: the customer has not authorized it yet.",
  "6090": () => "The capture amount is higher than what is left to capture on this payment.",
  "6100": () => "The capture period for this payment has expired; the reservation was released. Ask the customer to pay again.",
  "6110": () => "The payment expiry (expiresAt) is too far in the future.",
  "6120": () => "The payment expiry (expiresAt) is too soon.",
  "6130": () => "Long-living payments need a receipt with order lines.",
  "6140": () => "This sales unit only allows capturing the full amount.",
  "6150": () => "The refund amount is higher than what is left to refund (captured minus already refunded).",
  "6160": () => "Vipps MobilePay is still processing another operation on this payment; try again shortly.",
  "6170": () => "The payment is already fully captured.",
  "6180": () => "The payment is already fully refunded.",
  "6190": () => "The payment cannot be cancelled in its current state.",
  "6200": () => "The payment cannot be captured in its current state.",
  "6210": () => "The payment cannot be refunded in its current state.",
  "6220": () => "The refund period for this payment has expired (365 days).",
  "6230": () => "A payment with this reference is already reserved.",
  "6250": () => "The payment cannot be cancelled while the customer is completing it; try again in a moment.",
  "6260": () =>
    "The customer's bank released the reserved amount; nothing was captured. Do not ship the order: contact the customer " +
    "(they can pay again with a new payment).",
  "6280": () => "Vipps MobilePay could not capture right now; nothing was captured. Try again in a moment.",
  "7010": () => "Vipps MobilePay could not find a user who can pay with this phone number.",
  // Test environment only (force approve, NOTES §3.6 and §5).
  "10010": () => "The test payment could not be approved: it is not waiting for approval, or the token belongs to another payment.",
  "10020": () => "This test user may not approve the payment: use a test user of the sales unit's own market (Norway +47, Denmark +45, Finland +358).",
  "10030": () => "Name the test user who approves: a test user's phone number (portal → For developers → Test users).",
  "10040": () => "The test user's payment source cannot pay this payment.",
  "10050": () => "The test user has no card: add one in the Vipps MobilePay test app.",
  "10060": () => "The test environment does not support this operation (force approve does not work for Express payments).",
  "10070": () => "The test user's payment limit is exceeded.",
}

const CREDENTIALS_MESSAGE =
  "Vipps MobilePay rejected the API credentials: check client id, client secret, subscription key and " +
  "merchant serial number (test keys only work with environment 'test')"

export function merchantMessageFor(init: VippsErrorInit): string {
  const byCode = init.code ? CODE_MESSAGES[init.code] : undefined
  if (byCode) return byCode(init)
  if (init.kind === "timeout") {
    return "Vipps MobilePay did not answer in time. The operation may still have happened; check the payment before trying again."
  }
  if (init.kind === "network") return "Could not reach Vipps MobilePay (network error). Check the connection and try again."
  if (init.kind === "response") return "Received an unexpected response from Vipps MobilePay."
  return messageForStatus(init.status)
}

function messageForStatus(status: number | undefined): string {
  switch (status) {
    case 400:
      return "Vipps MobilePay rejected the request as invalid."
    case 401:
      return CREDENTIALS_MESSAGE
    case 403:
      return "This Vipps MobilePay sales unit is not allowed to use this API (e.g. ePayment not enabled, or keys that do not belong to this merchant serial number)."
    case 404:
      return "Vipps MobilePay does not know this payment for this merchant serial number."
    case 409:
      return "Vipps MobilePay reported a conflict: the reference or idempotency key was already used with different data."
    case 423:
      return "Vipps MobilePay is busy with another operation on this payment; try again shortly."
    case 429:
      return "Too many requests to Vipps MobilePay for this payment; slow down and try again in a minute."
    default:
      if (status !== undefined && status >= 500) {
        return "Vipps MobilePay had a server error; try again later."
      }
      return "Vipps MobilePay returned an unexpected error."
  }
}

const CODE_BY_STATE: Record<string, ShopperCode> = {
  ABORTED: "vipps_payment_aborted",
  EXPIRED: "vipps_payment_expired",
  TERMINATED: "vipps_payment_terminated",
  CREATED: "vipps_payment_not_approved",
}

/** The shopper text's code for a payment that is not (yet) authorized, by GET payment `state`. */
export function shopperCodeForState(state: string): ShopperCode | undefined {
  return CODE_BY_STATE[state]
}

/** Shopper text for a payment that is not (yet) authorized, by GET payment `state` (English Vipps unless `voice` says). */
export function shopperMessageForState(state: string, voice: ShopperVoice = { language: "en", brand: "vipps" }): string | undefined {
  const code = shopperCodeForState(state)
  return code ? shopperText(code, voice) : undefined
}
