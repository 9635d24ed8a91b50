// Response views of a payment, shaped per the ePayment spec schemas, plus the control API's view.
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
    paymentMethod: { type: p.paymentMethod.type },
    profile: p.sub ? { sub: p.sub } : {},
    pspReference: p.pspReference,
    ...(p.redirectUrl && p.state === "CREATED" ? { redirectUrl: p.redirectUrl } : {}),
    reference: p.reference,
    ...(p.metadata ? { metadata: { ...p.metadata } } : {}),
  }
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
    customer: p.customer ?? null,
    paymentDescription: p.paymentDescription ?? null,
    metadata: p.metadata ?? null,
    profileScope: p.profileScope ?? null,
    sub: p.sub ?? null,
    receipt: p.receipt ?? null,
    pspReference: p.pspReference,
    createdAt: new Date(p.createdAt).toISOString(),
    expiresAt: new Date(p.expiresAtMs).toISOString(),
    authorizedAt: p.authorizedAt === undefined ? null : new Date(p.authorizedAt).toISOString(),
    processingUntil: p.processingUntil === undefined ? null : new Date(p.processingUntil).toISOString(),
  }
}
