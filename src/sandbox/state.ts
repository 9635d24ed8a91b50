// Payments and the ePayment state machine (NOTES §4).
// `state` only ever moves CREATED → AUTHORIZED | ABORTED | EXPIRED | TERMINATED; captures,
// refunds and cancels after authorization only move the aggregate and add events.
import { randomBytes, randomUUID } from "node:crypto"
import { codeError } from "./errors"
import type { Amount } from "./types"
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
  success: boolean
}

export type Payment = {
  msn: string
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
  createdAt: number
  expiresAtMs: number
  pspReference: string
  /** opaque token of the landing page url (also accepted by force approve) */
  redirectToken: string
  redirectUrl?: string
  authorized: number
  captured: number
  refunded: number
  cancelled: number
  events: PaymentEvent[]
}

const FINAL: PaymentState[] = ["ABORTED", "EXPIRED", "TERMINATED"]
const MAX_TIMER_MS = 2 ** 31 - 1

export type StoreOptions = {
  paymentTtlMs: number
  publicUrl: () => string
  onEvent: (payment: Payment, event: PaymentEvent) => void
}

export class PaymentStore {
  private payments = new Map<string, Payment>()
  private timers = new Map<string, NodeJS.Timeout>()
  private pspCounter = Number.parseInt(randomBytes(3).toString("hex"), 16)

  constructor(private opts: StoreOptions) {}

  private key(msn: string, reference: string) {
    return `${msn}/${reference}`
  }

  private nextPspReference() {
    // Numeric, unique per event (the real ones are long numeric strings too).
    this.pspCounter += 1
    return `${Date.now()}${String(this.pspCounter).padStart(8, "0")}`
  }

  private addEvent(p: Payment, name: EventName, value: number, idempotencyKey: string | null, pspReference = this.nextPspReference()) {
    const event: PaymentEvent = {
      reference: p.reference,
      pspReference,
      name,
      amount: { currency: p.amount.currency, value },
      timestamp: new Date().toISOString(),
      idempotencyKey,
      success: true,
    }
    p.events.push(event)
    this.opts.onEvent(p, event)
    return event
  }

  create(msn: string, input: CreatePaymentInput, idempotencyKey: string | null): Payment {
    const existing = this.payments.get(this.key(msn, input.reference))
    if (existing) {
      this.refresh(existing)
      if (existing.state === "AUTHORIZED") throw codeError(409, 6230, `Payment ${input.reference} is already reserved.`)
      throw codeError(409, 4150, `A payment with reference ${input.reference} already exists.`)
    }
    const now = Date.now()
    const redirectToken = randomBytes(24).toString("base64url")
    const p: Payment = {
      msn,
      reference: input.reference,
      state: "CREATED",
      amount: { currency: input.amount.currency, value: input.amount.value },
      userFlow: input.userFlow,
      returnUrl: input.returnUrl ?? undefined,
      paymentMethod: { type: input.paymentMethod.type, ...(input.paymentMethod.blockedSources ? { blockedSources: input.paymentMethod.blockedSources } : {}) },
      customer: input.customer,
      paymentDescription: input.paymentDescription,
      metadata: input.metadata,
      profileScope: input.profile?.scope,
      receipt: input.receipt,
      createdAt: now,
      expiresAtMs: input.expiresAt ? Date.parse(input.expiresAt) : now + this.opts.paymentTtlMs,
      pspReference: "",
      redirectToken,
      // PUSH_MESSAGE skips the landing page, so there is no redirectUrl (spec).
      redirectUrl: input.userFlow === "PUSH_MESSAGE" ? undefined : `${this.opts.publicUrl()}/landing?token=${redirectToken}`,
      authorized: 0,
      captured: 0,
      refunded: 0,
      cancelled: 0,
      events: [],
    }
    this.payments.set(this.key(msn, p.reference), p)
    p.pspReference = this.addEvent(p, "CREATED", p.amount.value, idempotencyKey).pspReference
    this.scheduleExpiry(p)
    return p
  }

  private scheduleExpiry(p: Payment) {
    const delay = p.expiresAtMs - Date.now()
    if (delay > MAX_TIMER_MS) return // long-living payments: lazy expiry on access only
    const t = setTimeout(() => {
      this.timers.delete(this.key(p.msn, p.reference))
      // Expire directly: timers may fire a millisecond "early" against Date.now(),
      // so re-checking the wall clock here could skip the expiry forever.
      if (p.state === "CREATED") this.expire(p)
    }, Math.max(0, delay))
    t.unref?.()
    this.timers.set(this.key(p.msn, p.reference), t)
  }

  private clearTimer(p: Payment) {
    const k = this.key(p.msn, p.reference)
    const t = this.timers.get(k)
    if (t) clearTimeout(t)
    this.timers.delete(k)
  }

  /** Lazy expiry: a CREATED payment past its lifetime becomes EXPIRED (with event + webhook). */
  refresh(p: Payment) {
    if (p.state === "CREATED" && Date.now() >= p.expiresAtMs) this.expire(p)
  }

  find(msn: string, reference: string): Payment | undefined {
    const p = this.payments.get(this.key(msn, reference))
    if (p) this.refresh(p)
    return p
  }

  findAll(reference: string): Payment[] {
    const list = [...this.payments.values()].filter((p) => p.reference === reference)
    list.forEach((p) => this.refresh(p))
    return list
  }

  findByToken(token: string): Payment | undefined {
    const p = [...this.payments.values()].find((x) => x.redirectToken === token)
    if (p) this.refresh(p)
    return p
  }

  private requireCreated(p: Payment, action: string) {
    this.refresh(p)
    if (p.state !== "CREATED") throw codeError(400, 10010, `Cannot ${action} payment ${p.reference} in state ${p.state}.`)
  }

  /** The user approves in the app (landing page, force approve, control API). */
  approve(p: Payment) {
    this.requireCreated(p, "approve")
    this.clearTimer(p)
    p.state = "AUTHORIZED"
    p.authorized = p.amount.value
    if (p.profileScope) p.sub = randomUUID()
    return this.addEvent(p, "AUTHORIZED", p.amount.value, null)
  }

  /** The user rejects / cancels in the app. */
  reject(p: Payment) {
    this.requireCreated(p, "reject")
    this.clearTimer(p)
    p.state = "ABORTED"
    return this.addEvent(p, "ABORTED", p.amount.value, null)
  }

  expire(p: Payment) {
    if (p.state !== "CREATED") throw codeError(400, 10010, `Cannot expire payment ${p.reference} in state ${p.state}.`)
    this.clearTimer(p)
    p.state = "EXPIRED"
    return this.addEvent(p, "EXPIRED", p.amount.value, null)
  }

  capture(p: Payment, value: number, idempotencyKey: string | null): PaymentEvent {
    this.refresh(p)
    if (p.state === "CREATED") throw codeError(400, 6080, "Cannot capture before the payment is reserved (authorized).")
    if (FINAL.includes(p.state)) throw codeError(400, 6200, `Cannot capture a payment in state ${p.state}.`)
    if (p.cancelled > 0) throw codeError(400, 6070, "Cannot capture a cancelled payment.")
    const remaining = p.authorized - p.captured - p.cancelled
    if (remaining === 0) throw codeError(400, 6170, "The payment is already fully captured.")
    if (value > remaining) throw codeError(400, 6090, `Capture amount too high: ${value} > ${remaining} capturable.`)
    p.captured += value
    return this.addEvent(p, "CAPTURED", value, idempotencyKey)
  }

  refund(p: Payment, value: number, idempotencyKey: string | null): PaymentEvent {
    this.refresh(p)
    if (p.state === "CREATED") throw codeError(400, 6020, "Cannot refund before the payment is reserved and captured.")
    if (FINAL.includes(p.state)) throw codeError(400, 6210, `Cannot refund a payment in state ${p.state}.`)
    const refundable = p.captured - p.refunded
    if (p.captured > 0 && refundable === 0) throw codeError(400, 6180, "The payment is already fully refunded.")
    if (value > refundable) throw codeError(400, 6150, `Not enough refundable amount: ${value} > ${refundable}.`)
    p.refunded += value
    return this.addEvent(p, "REFUNDED", value, idempotencyKey)
  }

  /**
   * Merchant cancel. CREATED → TERMINATED. AUTHORIZED → releases the whole uncaptured remainder
   * (cancelledAmount = authorized − captured); a second cancel is a no-op (returns null).
   */
  cancel(p: Payment, opts: { transactionOnly?: boolean; idempotencyKey: string | null }): PaymentEvent | null {
    this.refresh(p)
    switch (p.state) {
      case "CREATED":
        this.clearTimer(p)
        p.state = "TERMINATED"
        p.cancelled = p.amount.value
        return this.addEvent(p, "TERMINATED", p.amount.value, opts.idempotencyKey)
      case "AUTHORIZED": {
        if (opts.transactionOnly) throw codeError(400, 6060, "cancelTransactionOnly is set and the payment is already authorized.")
        if (p.cancelled > 0) return null
        if (p.captured >= p.authorized) throw codeError(400, 6040, "Cannot cancel a fully captured payment; refund instead.")
        p.cancelled = p.authorized - p.captured
        return this.addEvent(p, "CANCELLED", p.cancelled, opts.idempotencyKey)
      }
      case "TERMINATED":
        throw codeError(400, 6190, "The payment is already terminated.")
      default:
        throw codeError(400, 6050, `Cannot cancel a payment that was never reserved (state ${p.state}).`)
    }
  }

  reset() {
    for (const t of this.timers.values()) clearTimeout(t)
    this.timers.clear()
    this.payments.clear()
  }

  dispose() {
    this.reset()
  }
}

// ---- response views (shaped per the spec schemas) ----

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
    redirectToken: p.redirectToken,
    userFlow: p.userFlow,
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
  }
}
