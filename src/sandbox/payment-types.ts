// The payment record the sandbox keeps, and its event log entries (NOTES §3.4, §4).
import type { CallbackLog, ProfileId, ShippingDetails, UserDetails } from "./express"
import type { ShippingGroup, ShippingInput } from "./express-shipping"
import type { Amount, SandboxMarket } from "./types"
import type { CreatePaymentInput, UserFlow } from "./validation"

export type PaymentState = "CREATED" | "AUTHORIZED" | "ABORTED" | "EXPIRED" | "TERMINATED"
export type EventName = "CREATED" | "ABORTED" | "EXPIRED" | "CANCELLED" | "CAPTURED" | "REFUNDED" | "AUTHORIZED" | "TERMINATED"

export type PaymentEvent = {
  reference: string
  pspReference: string
  name: EventName
  amount: Amount
  timestamp: string
  idempotencyKey: string | null
  /** false for an operation Vipps refused (logged too, NOTES §3.4) */
  success: boolean
}

export type QrFormat = { format: "TEXT/TARGETURL" | "IMAGE/SVG+XML" | "IMAGE/PNG"; size: number }

export type Payment = {
  msn: string
  market: SandboxMarket
  reference: string
  state: PaymentState
  amount: Amount
  userFlow: UserFlow
  returnUrl?: string
  paymentMethod: { type: string; blockedSources?: string[] }
  customer?: CreatePaymentInput["customer"]
  paymentDescription?: string
  metadata?: Record<string, string> | null
  profileScope?: string
  sub?: string
  receipt?: unknown
  qrFormat?: QrFormat
  /** Express: the create request's `shipping` (fixed groups or the dynamic callback) */
  shipping?: ShippingInput
  /** Express: the options the landing page last showed (dynamic: the callback's answer for that profile) */
  expressOffer?: { profile: ProfileId; groups: ShippingGroup[] }
  /** Express: what the shopper shared and chose; set when authorized */
  shippingDetails?: ShippingDetails
  userDetails?: UserDetails
  /** Express, dynamic: every call of the merchant's shipping callback */
  shippingCallbacks?: CallbackLog[]
  createdAt: number
  expiresAtMs: number
  /** sandbox-clock time of the authorization: the capture/cancel/refund periods count from it */
  authorizedAt?: number
  /** magic amount 201: the app's attempt has an unknown result until then (NOTES §9) */
  processingUntil?: number
  pspReference: string
  /** opaque token of the landing page url (also accepted by force approve) */
  redirectToken: string
  /** what create answers: landing page, QR image / target URL, or app deep link (absent for PUSH_MESSAGE) */
  redirectUrl?: string
  /** the sandbox's landing page for this payment, whatever the flow (tests reach it via the control API) */
  landingUrl: string
  /** CARD: the first 6 digits of the card the shopper entered (GET `paymentMethod.cardBin`). */
  cardBin?: string
  /** CARD: the shopper is on the 3-D Secure step (a cancel answers 6250 meanwhile). */
  cardChallenge?: boolean
  /** Control API: the customer's bank released the reservation; every capture answers 6260 with this HTTP status. */
  fundsReleased?: { status: number }
  /** Control API: the next `remaining` captures answer 6280 with this HTTP status and capture nothing. */
  captureFailures?: { remaining: number; status: number }
  /** Control API: `captureGuaranteedUntil` (sandbox-clock ms); after it a capture answers 6260. */
  captureGuaranteedUntil?: number
  authorized: number
  captured: number
  refunded: number
  cancelled: number
  events: PaymentEvent[]
}
