// Response views of a payment, shaped per the ePayment spec schemas, plus the control API's view.
import { expressView } from "./express"
import type { Payment } from "./payment-types"

export function aggregateOf(p: Payment) {
  const a = (value: number) => ({ currency: p.amount.currency, value })
  return {
    authorizedAmount: a(p.authorized),
    cancelledAmount: a(p.cancelled),
    capturedAmount: a(p.captured),
    refundedAmount: a(p.refunded),
  }
}

export function getPaymentView(p: Payment) {
  return {
    aggregate: aggregateOf(p),
    amount: { ...p.amount },
    state: p.state,
    paymentMethod: { type: p.paymentMethod.type, ...(p.cardBin ? { cardBin: p.cardBin } : {}) },
    profile: p.sub ? { sub: p.sub } : {},
    pspReference: p.pspReference,
    ...(p.redirectUrl && p.state === "CREATED" ? { redirectUrl: p.redirectUrl } : {}),
    reference: p.reference,
    ...(p.metadata ? { metadata: { ...p.metadata } } : {}),
    ...guaranteeView(p),
    ...expressView(p),
  }
}

/**
 * `captureGuaranteedUntil` (Vipps, August 2026; not in the 1.8.1 spec, whose GetPaymentResponse
 * allows additional properties): only on an authorized payment the control API gave one.
 */
function guaranteeView(p: Payment) {
  if (p.captureGuaranteedUntil === undefined || p.state !== "AUTHORIZED") return {}
  return { captureGuaranteedUntil: new Date(p.captureGuaranteedUntil).toISOString() }
}

/** Extra fields of a webhook for this event: `sub`, and Express's details, on a successful AUTHORIZED (spec WebhookEvent). */
export function webhookExtras(p: Payment, e: { name: string; success: boolean }) {
  if (e.name !== "AUTHORIZED" || !e.success) return {}
  return { ...(p.sub ? { sub: p.sub } : {}), ...guaranteeView(p), ...expressView(p) }
}

export function modificationView(p: Payment, pspReference: string) {
  return { amount: { ...p.amount }, state: p.state, aggregate: aggregateOf(p), pspReference, reference: p.reference }
}

export function internalView(p: Payment) {
  return {
    msn: p.msn,
    reference: p.reference,
    state: p.state,
    amount: { ...p.amount },
    aggregate: aggregateOf(p),
    events: p.events.map((e) => ({ ...e })),
    returnUrl: p.returnUrl ?? null,
    redirectUrl: p.redirectUrl ?? null,
    landingUrl: p.landingUrl,
    redirectToken: p.redirectToken,
    userFlow: p.userFlow,
    qrFormat: p.qrFormat ?? null,
    paymentMethod: p.paymentMethod,
    cardBin: p.cardBin ?? null,
    cardChallenge: !!p.cardChallenge,
    customer: p.customer ?? null,
    paymentDescription: p.paymentDescription ?? null,
    metadata: p.metadata ?? null,
    profileScope: p.profileScope ?? null,
    sub: p.sub ?? null,
    receipt: p.receipt ?? null,
    shipping: p.shipping ?? null,
    expressOffer: p.expressOffer ?? null,
    shippingDetails: p.shippingDetails ?? null,
    userDetails: p.userDetails ?? null,
    shippingCallbacks: p.shippingCallbacks ?? [],
    pspReference: p.pspReference,
    createdAt: new Date(p.createdAt).toISOString(),
    expiresAt: new Date(p.expiresAtMs).toISOString(),
    authorizedAt: p.authorizedAt === undefined ? null : new Date(p.authorizedAt).toISOString(),
    captureGuaranteedUntil: p.captureGuaranteedUntil === undefined ? null : new Date(p.captureGuaranteedUntil).toISOString(),
    fundsReleased: !!p.fundsReleased,
    captureFailuresLeft: p.captureFailures?.remaining ?? 0,
    processingUntil: p.processingUntil === undefined ? null : new Date(p.processingUntil).toISOString(),
  }
}
