import { MedusaError } from "@medusajs/framework/utils"
import type { ShopperLanguage } from "../../shopper-texts"

/**
 * What the provider keeps in Medusa's payment session/payment `data`. The storefront can read
 * it, so it holds references, URLs, states and amounts only — never credentials or tokens
 * (the return token and an express payment's shipping-callback token only let their holder read
 * this payment's status or ask for its shipping options).
 * Amounts are integer minor units (øre/cent), as at Vipps.
 */
export type VippsSessionData = {
  session_id: string
  reference: string
  redirect_url?: string
  user_flow?: string
  state: string
  /** Requested amount in minor units. */
  amount: number
  currency: string
  msn?: string
  /** What the shopper pays with: WALLET (the app) or CARD (Vipps MobilePay's card form); GET `paymentMethod.type`. */
  payment_method?: string
  /** The card's first six digits (Bank Identification Number), when Vipps gives it (GET `paymentMethod.cardBin`). */
  card_bin?: string
  psp_reference?: string
  aggregate?: { authorized: number; captured: number; refunded: number; cancelled: number }
  /** Unguessable token the session-less return page presents with the reference. */
  return_token?: string
  /** When Medusa first saw the payment authorized (ISO 8601). */
  authorized_at?: string
  /**
   * The capture deadline shown everywhere: the earlier of the market's capture period
   * (`capture_period_ends`) and Vipps's `captureGuaranteedUntil` when Vipps gave one.
   */
  capture_deadline?: string
  /** The market's capture period: Norway 180 days, Denmark/Finland 14 days after authorization. */
  capture_period_ends?: string
  /** From Vipps when present (GET payment, authorized webhook): a capture is guaranteed until then; it can be earlier than the market's period. */
  capture_guaranteed_until?: string
  /** Set once the log said that money is still uncaptured close to the deadline (see src/reconciliation/capture-deadlines.ts). */
  capture_deadline_warned_at?: string
  /** Set when the Vipps payment was replaced because the amount changed. */
  attempt?: number
  updated_at?: string
  /** The shopper's language (en, nb, da, fi, sv): asked for by the storefront, else the cart's locale or the market's. */
  language?: ShopperLanguage
  /** Set by the payment sync: the shopper's sentence for an ABORTED/EXPIRED/TERMINATED payment. */
  failure_message?: string
  /** Its stable code (src/shopper-texts), e.g. vipps_payment_aborted. */
  failure_code?: string
  /** Set by the payment sync: why an authorized payment could not become an order (released). */
  completion_error?: string
  /** Its stable code and parameters, so it can be said again in another language. */
  completion_error_code?: string
  completion_error_params?: Record<string, string | number>
  /** Express checkout (address, contact and shipping chosen in the app); see src/express. */
  express?: ExpressSessionData
}

/** An express payment: how shipping was offered and, once filled in, what the shopper chose. */
export type ExpressSessionData = {
  shipping: "fixed" | "dynamic"
  /** The Medusa provider id whose callback route answers (dynamic). */
  provider_id: string
  /** Dynamic: the secret Vipps sends back as `Authorization` on the shipping callback. */
  callback_token?: string
  /** Fixed: the options offered (Medusa shipping option ids), amounts incl. tax in minor units. */
  options?: { id: string; name: string; amount: number }[]
  /** Requested amount without shipping (minor units); `amount` becomes the authorized total once filled in. */
  base_amount: number
  /** Set when the cart was filled from the app's details (ISO 8601). */
  filled_at?: string
  /** The option the shopper chose and its amount (minor units), as Vipps reported it. */
  shipping_option_id?: string
  shipping_option_name?: string
  shipping_amount?: number
}

type PaymentLike = {
  state?: string
  pspReference?: string
  redirectUrl?: string
  aggregate?: object
  captureGuaranteedUntil?: string | null
  paymentMethod?: { type?: string; cardBin?: string | null }
}

export function readSessionData(data: Record<string, unknown> | undefined, opts?: { optional?: false }): VippsSessionData
export function readSessionData(data: Record<string, unknown> | undefined, opts: { optional: true }): VippsSessionData | undefined
export function readSessionData(data: Record<string, unknown> | undefined, opts?: { optional?: boolean }) {
  if (!data || typeof data.reference !== "string" || typeof data.currency !== "string") {
    if (opts?.optional) return undefined
    throw new MedusaError(MedusaError.Types.INVALID_DATA, "This payment has no Vipps MobilePay reference; it was not created by the Vipps MobilePay provider.")
  }
  return data as unknown as VippsSessionData
}

/** Aggregate amounts of a GET payment / modification response, in minor units. */
export function aggregateInMinorUnits(payment: PaymentLike) {
  const amounts = (payment.aggregate ?? {}) as Record<string, { value?: number } | undefined>
  const value = (name: string) => amounts[name]?.value ?? 0
  return {
    authorized: value("authorizedAmount"),
    captured: value("capturedAmount"),
    refunded: value("refundedAmount"),
    cancelled: value("cancelledAmount"),
  }
}

/** The session data refreshed with what Vipps answered. Always the whole object (Medusa replaces data). */
export function withPayment(session: VippsSessionData, payment: PaymentLike): VippsSessionData {
  return {
    ...withCaptureGuarantee(session, payment.captureGuaranteedUntil),
    state: payment.state ?? session.state,
    psp_reference: payment.pspReference ?? session.psp_reference,
    redirect_url: payment.redirectUrl ?? session.redirect_url,
    aggregate: payment.aggregate ? aggregateInMinorUnits(payment) : session.aggregate,
    ...paymentMethodOf(session, payment.paymentMethod),
    updated_at: new Date().toISOString(),
  }
}

/** payment_method and card_bin from Vipps's `paymentMethod` (kept when an answer has none, e.g. a capture's). */
function paymentMethodOf(session: VippsSessionData, method: PaymentLike["paymentMethod"]): Pick<VippsSessionData, "payment_method" | "card_bin"> {
  const type = method?.type ?? session.payment_method
  const bin = method?.cardBin ?? session.card_bin
  return { ...(type ? { payment_method: type } : {}), ...(bin ? { card_bin: bin } : {}) }
}


// Capture periods after authorization (NOTES §4.3): Norway 180 days, Denmark and Finland 14.
const CAPTURE_DAYS: Record<string, number> = { NOK: 180, DKK: 14, EUR: 14 }
const DAY_MS = 24 * 60 * 60 * 1000

/** Records when the payment was authorized and until when it can be captured (kept if already set). */
export function withAuthorization(session: VippsSessionData, captureGuaranteedUntil?: string | null): VippsSessionData {
  const authorizedAt = session.authorized_at ?? new Date().toISOString()
  const days = CAPTURE_DAYS[session.currency] ?? 14
  // Payments stored before captureGuaranteedUntil existed kept the market's period as capture_deadline.
  const periodEnds =
    session.capture_period_ends ??
    (session.capture_guaranteed_until ? undefined : session.capture_deadline) ??
    new Date(new Date(authorizedAt).getTime() + days * DAY_MS).toISOString()
  const authorized = { ...session, authorized_at: authorizedAt, capture_period_ends: periodEnds, capture_deadline: periodEnds }
  return withCaptureGuarantee(authorized, captureGuaranteedUntil ?? session.capture_guaranteed_until)
}

/**
 * Keeps Vipps's `captureGuaranteedUntil` (when it is a date; absent → unchanged) and sets
 * `capture_deadline` to the earlier of it and the market's capture period.
 */
export function withCaptureGuarantee(session: VippsSessionData, captureGuaranteedUntil?: string | null): VippsSessionData {
  const given = captureGuaranteedUntil ? Date.parse(captureGuaranteedUntil) : NaN
  const guaranteed = Number.isNaN(given) ? session.capture_guaranteed_until : new Date(given).toISOString()
  if (!guaranteed) return session
  const period = session.capture_period_ends
  const deadline = period && Date.parse(period) < Date.parse(guaranteed) ? period : guaranteed
  return { ...session, capture_guaranteed_until: guaranteed, capture_deadline: deadline }
}

/**
 * The capture deadline of a payment read from Vipps (GET payment and its event log): the earlier
 * of the market's period after the first successful AUTHORIZED event and captureGuaranteedUntil;
 * undefined when nothing is left to capture or it was never authorized.
 */
export function captureDeadlineOfPayment(
  payment: PaymentLike & { amount?: { currency?: string } },
  events: { name: string; success: boolean; timestamp: string }[]
): string | undefined {
  const a = aggregateInMinorUnits(payment)
  const authorized = events.find((e) => e.name === "AUTHORIZED" && e.success)
  if (!authorized || a.authorized - a.captured - a.cancelled <= 0) return undefined
  const session = { currency: payment.amount?.currency ?? "", authorized_at: new Date(Date.parse(authorized.timestamp)).toISOString() } as VippsSessionData
  return withAuthorization(session, payment.captureGuaranteedUntil).capture_deadline
}
