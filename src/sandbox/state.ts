// Payments and the ePayment state machine (NOTES §4).
// `state` only ever moves CREATED → AUTHORIZED | ABORTED | EXPIRED | TERMINATED; captures,
// refunds and cancels after authorization only move the aggregate and add events.
// Refused captures, refunds and cancels are logged too, with success: false (NOTES §3.4).
import { randomBytes, randomUUID } from "node:crypto"
import { SandboxClock } from "./clock"
import { ApiError, codeError } from "./errors"
import type { ExpressChoice } from "./express"
import type { EventName, Payment, PaymentEvent, PaymentState } from "./payment-types"
import { newPayment } from "./new-payment"
import { assertCancelPeriod, assertCapturePeriod, assertRefundable, shopperApproval, type ApprovalOutcome } from "./test-env"
import type { SandboxMarket } from "./types"
import type { CreatePaymentInput } from "./validation"

export type { EventName, Payment, PaymentEvent, PaymentState } from "./payment-types"
export { aggregateOf, getPaymentView, internalView, modificationView, webhookExtras } from "./views"

const FINAL: PaymentState[] = ["ABORTED", "EXPIRED", "TERMINATED"]
const MAX_TIMER_MS = 2 ** 31 - 1

export type StoreOptions = {
  paymentTtlMs: number
  publicUrl: () => string
  onEvent: (payment: Payment, event: PaymentEvent) => void
  /** default: a clock of its own at wall-clock time */
  clock?: SandboxClock
  /** the sales unit's market (capture period, magic amounts); default NO */
  marketOf?: (msn: string) => SandboxMarket
}

export class PaymentStore {
  private payments = new Map<string, Payment>()
  private timers = new Map<string, NodeJS.Timeout>()
  private pspCounter = Number.parseInt(randomBytes(3).toString("hex"), 16)
  readonly clock: SandboxClock

  constructor(private opts: StoreOptions) {
    this.clock = opts.clock ?? new SandboxClock()
    // After the clock moves, whatever is now past its time expires (with events and webhooks).
    this.clock.onChange(() => this.sweep())
  }

  private key(msn: string, reference: string) {
    return `${msn}/${reference}`
  }

  private nextPspReference() {
    // Numeric, unique per event (the real ones are long numeric strings too).
    this.pspCounter += 1
    return `${Date.now()}${String(this.pspCounter).padStart(8, "0")}`
  }

  private addEvent(p: Payment, name: EventName, value: number, idempotencyKey: string | null, success = true) {
    const event: PaymentEvent = {
      reference: p.reference,
      pspReference: this.nextPspReference(),
      name,
      amount: { currency: p.amount.currency, value },
      timestamp: this.clock.iso(),
      idempotencyKey,
      success,
    }
    p.events.push(event)
    this.opts.onEvent(p, event)
    return event
  }

  /** Runs a merchant operation; a refusal is logged as a failed event before it is thrown. */
  private logged<T>(p: Payment, name: EventName, value: number, key: string | null, run: () => T): T {
    try {
      return run()
    } catch (e) {
      if (e instanceof ApiError) this.addEvent(p, name, Math.max(0, value), key, false)
      throw e
    }
  }

  create(msn: string, input: CreatePaymentInput, idempotencyKey: string | null): Payment {
    const existing = this.payments.get(this.key(msn, input.reference))
    if (existing) {
      this.refresh(existing)
      if (existing.state === "AUTHORIZED") throw codeError(409, 6230, `Payment ${input.reference} is already reserved.`)
      throw codeError(409, 4150, `A payment with reference ${input.reference} already exists.`)
    }
    const p = newPayment(msn, this.opts.marketOf?.(msn) ?? "NO", input, {
      now: this.clock.now(),
      ttlMs: this.opts.paymentTtlMs,
      publicUrl: this.opts.publicUrl(),
    })
    this.payments.set(this.key(msn, p.reference), p)
    p.pspReference = this.addEvent(p, "CREATED", p.amount.value, idempotencyKey).pspReference
    this.scheduleExpiry(p)
    return p
  }

  private scheduleExpiry(p: Payment) {
    this.clearTimer(p)
    const delay = p.expiresAtMs - this.clock.now()
    if (delay > MAX_TIMER_MS) return // long-living payments: lazy expiry on access only
    const t = setTimeout(() => {
      this.timers.delete(this.key(p.msn, p.reference))
      // Expire directly: timers may fire a millisecond "early" against the clock,
      // so re-checking the time here could skip the expiry forever.
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
    if (p.state === "CREATED" && this.clock.now() >= p.expiresAtMs) this.expire(p)
  }

  /** Expires every payment that is past its time (after the clock moved). */
  sweep() {
    for (const p of this.payments.values()) this.refresh(p)
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
    if (p.processingUntil !== undefined) throw codeError(400, 10010, `Payment ${p.reference} is being processed; its result is not known yet.`)
  }

  /** Force approve (test API): authorizes whatever the amount (NOTES §9). */
  approve(p: Payment) {
    this.requireCreated(p, "approve")
    return this.authorize(p)
  }

  /**
   * The shopper approves in the app (landing page, control API): the test app's magic amounts
   * apply. A declined card logs a failed AUTHORIZED event and leaves the payment CREATED (the
   * shopper may still reject, or it expires); amount 201 stays undecided for an hour, then expires.
   * Express: `choice` (profile, shipping option) is kept and its shipping cost authorized too.
   */
  approveAsShopper(p: Payment, choice?: ExpressChoice): ApprovalOutcome {
    this.requireCreated(p, "approve")
    const outcome = shopperApproval(p, this.clock.now())
    if (outcome.kind === "approved") this.authorize(p, choice)
    else if (outcome.kind === "declined") this.addEvent(p, "AUTHORIZED", p.amount.value + (choice?.shippingDetails.shippingCost ?? 0), null, false)
    else {
      p.processingUntil = outcome.until
      p.expiresAtMs = Math.max(p.expiresAtMs, outcome.until)
      this.scheduleExpiry(p)
    }
    return outcome
  }

  /**
   * CARD: the shopper paid on the card form with a card whose first six digits are `bin`.
   * approve authorizes; decline logs the failed authorization and ends the payment ABORTED (the
   * shopper is sent back to the shop, as after a rejection in the app); challenge waits for the
   * 3-D Secure step (cardChallenge), whose answer comes through this again as approve/decline.
   */
  payWithCard(p: Payment, bin: string, outcome: "approve" | "decline" | "challenge") {
    this.requireCreated(p, "pay")
    p.cardBin = bin
    if (outcome === "challenge") {
      p.cardChallenge = true
      return
    }
    p.cardChallenge = undefined
    if (outcome === "approve") {
      this.authorize(p)
      return
    }
    this.addEvent(p, "AUTHORIZED", p.amount.value, null, false)
    this.reject(p)
  }

  private authorize(p: Payment, choice?: ExpressChoice) {
    this.clearTimer(p)
    p.state = "AUTHORIZED"
    if (choice) Object.assign(p, { shippingDetails: choice.shippingDetails, userDetails: choice.userDetails })
    p.authorized = p.amount.value + (choice?.shippingDetails.shippingCost ?? 0)
    p.authorizedAt = this.clock.now()
    if (p.profileScope) p.sub = randomUUID()
    return this.addEvent(p, "AUTHORIZED", p.authorized, null)
  }

  /** The user rejects / cancels in the app. */
  reject(p: Payment) {
    this.requireCreated(p, "reject")
    this.clearTimer(p)
    p.cardChallenge = undefined
    p.state = "ABORTED"
    return this.addEvent(p, "ABORTED", p.amount.value, null)
  }

  expire(p: Payment) {
    if (p.state !== "CREATED") throw codeError(400, 10010, `Cannot expire payment ${p.reference} in state ${p.state}.`)
    this.clearTimer(p)
    p.state = "EXPIRED"
    p.processingUntil = undefined
    p.cardChallenge = undefined
    return this.addEvent(p, "EXPIRED", p.amount.value, null)
  }

  capture(p: Payment, value: number, idempotencyKey: string | null): PaymentEvent {
    this.refresh(p)
    return this.logged(p, "CAPTURED", value, idempotencyKey, () => {
      if (p.state === "CREATED") throw codeError(400, 6080, "Cannot capture before the payment is reserved (authorized).")
      if (FINAL.includes(p.state)) throw codeError(400, 6200, `Cannot capture a payment in state ${p.state}.`)
      if (p.cancelled > 0) throw codeError(400, 6070, "Cannot capture a cancelled payment.")
      assertCapturePeriod(p, this.clock.now())
      const remaining = p.authorized - p.captured - p.cancelled
      if (remaining === 0) throw codeError(400, 6170, "The payment is already fully captured.")
      if (value > remaining) throw codeError(400, 6090, `Capture amount too high: ${value} > ${remaining} capturable.`)
      this.assertFundsAvailable(p)
      p.captured += value
      return this.addEvent(p, "CAPTURED", value, idempotencyKey)
    })
  }

  /**
   * What the customer's bank does when the capture reaches it (set through the control API):
   * 6260 once it released the reservation (or the capture guarantee passed), final; 6280 for
   * the next N captures, transient (nothing captured; the same key may be sent again).
   */
  private assertFundsAvailable(p: Payment) {
    const released = p.fundsReleased ?? (p.captureGuaranteedUntil !== undefined && this.clock.now() > p.captureGuaranteedUntil ? { status: 400 } : undefined)
    if (released) throw codeError(released.status, 6260, "Funds unavailable: the customer's bank released the reservation.")
    if (p.captureFailures && p.captureFailures.remaining > 0) {
      p.captureFailures.remaining -= 1
      throw codeError(p.captureFailures.status, 6280, "Capture failed, please try again later.")
    }
  }

  refund(p: Payment, value: number, idempotencyKey: string | null): PaymentEvent {
    this.refresh(p)
    return this.logged(p, "REFUNDED", value, idempotencyKey, () => {
      if (p.state === "CREATED") throw codeError(400, 6020, "Cannot refund before the payment is reserved and captured.")
      if (FINAL.includes(p.state)) throw codeError(400, 6210, `Cannot refund a payment in state ${p.state}.`)
      const refundable = p.captured - p.refunded
      if (p.captured > 0 && refundable === 0) throw codeError(400, 6180, "The payment is already fully refunded.")
      if (value > refundable) throw codeError(400, 6150, `Not enough refundable amount: ${value} > ${refundable}.`)
      assertRefundable(p, value, this.clock.now())
      p.refunded += value
      return this.addEvent(p, "REFUNDED", value, idempotencyKey)
    })
  }

  /**
   * Merchant cancel. CREATED → TERMINATED. AUTHORIZED → releases the whole uncaptured remainder
   * (cancelledAmount = authorized − captured); a second cancel is a no-op (returns null).
   */
  cancel(p: Payment, opts: { transactionOnly?: boolean; idempotencyKey: string | null }): PaymentEvent | null {
    this.refresh(p)
    const name: EventName = p.state === "CREATED" ? "TERMINATED" : "CANCELLED"
    const releasable = p.state === "CREATED" ? p.amount.value : p.authorized - p.captured - p.cancelled
    return this.logged(p, name, releasable, opts.idempotencyKey, () => {
      switch (p.state) {
        case "CREATED":
          if (p.processingUntil !== undefined) throw codeError(400, 6250, "Cannot cancel a payment that is being processed.")
          // NOTES §4.2: not while the shopper is in the 3-D Secure step.
          if (p.cardChallenge) throw codeError(400, 6250, "Cannot cancel a payment while the customer is in the 3-D Secure step.")
          this.clearTimer(p)
          p.state = "TERMINATED"
          p.cancelled = p.amount.value
          return this.addEvent(p, "TERMINATED", p.amount.value, opts.idempotencyKey)
        case "AUTHORIZED": {
          if (opts.transactionOnly) throw codeError(400, 6060, "cancelTransactionOnly is set and the payment is already authorized.")
          if (p.cancelled > 0) return null
          if (p.captured >= p.authorized) throw codeError(400, 6040, "Cannot cancel a fully captured payment; refund instead.")
          assertCancelPeriod(p, this.clock.now())
          p.cancelled = p.authorized - p.captured
          return this.addEvent(p, "CANCELLED", p.cancelled, opts.idempotencyKey)
        }
        case "TERMINATED":
          throw codeError(400, 6190, "The payment is already terminated.")
        default:
          throw codeError(400, 6050, `Cannot cancel a payment that was never reserved (state ${p.state}).`)
      }
    })
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
