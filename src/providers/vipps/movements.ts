// Money movements at Vipps (captures, refunds, cancels): Medusa amounts as payable minor units,
// idempotency keys built from the movements Medusa recorded (stable across Medusa's retries), and
// the "already done at Vipps" checks that turn a repeated movement into success, never a second one.
import type { Logger } from "@medusajs/framework/types"
import { GetPaymentResponse, assertPayableAmount, idempotencyKey, toMinorUnits } from "../../vipps"
import { MovementRecord } from "./medusa-records"
import { invalidDataOnThrow, vippsErrorOf } from "./medusa-error"
import { VippsSessionData, aggregateInMinorUnits, withPayment } from "./session-data"

/** Medusa's amount in minor units of `currency`; an amount that does not convert is INVALID_DATA. */
export function toMinorUnitsOrThrow(amount: unknown, currency: string): number {
  return invalidDataOnThrow(() => toMinorUnits(amount as Parameters<typeof toMinorUnits>[0], currency))
}

/** Like toMinorUnitsOrThrow, and the amount must be one Vipps accepts for a payment. */
export function toPayableMinorUnits(amount: unknown, currency: string): number {
  const value = toMinorUnitsOrThrow(amount, currency)
  invalidDataOnThrow(() => assertPayableAmount(value, currency))
  return value
}

/** Sum of Medusa-recorded amounts, in minor units. */
export function totalOf(amounts: { value: string | number }[], currency: string): number {
  return amounts.reduce((total, amount) => total + toMinorUnits(amount, currency), 0)
}

/** Minor units moved by the captures/refunds Medusa recorded before this one. */
export function earlierOf(record: MovementRecord, currency: string): number {
  return totalOf(record.earlier, currency)
}

// Codes that mean "this was done already": the operation is a success, not an error.
const ALREADY_DONE = {
  capture: new Set(["6090", "6170"]),
  refund: new Set(["6150", "6180"]),
  cancel: new Set(["6040", "6050", "6070", "6190"]),
}

export type MovementOperation = keyof typeof ALREADY_DONE

/** What to send to Vipps (minor units, idempotency key), or the payment data when there is nothing to send. */
export type MovementPlan = { done: VippsSessionData } | { done?: undefined; value: number; key: string }

/** Plans captures and refunds and runs the "already done" checks; reads the payment through `readPayment`. */
export class MovementsAtVipps {
  constructor(
    private readonly readPayment: (session: VippsSessionData) => Promise<GetPaymentResponse>,
    private readonly logger: Logger
  ) {}

  /**
   * The capture of Medusa's Capture row `record` (its key counts the captures before it), or,
   * without a row, whatever is left to capture (`done` when nothing is).
   */
  async planCapture(session: VippsSessionData, record: MovementRecord | undefined): Promise<MovementPlan> {
    const currency = session.currency
    if (!record) {
      // No Capture row to read (called outside Medusa's capture flow): capture what is left.
      const payment = await this.readPayment(session)
      const aggregate = aggregateInMinorUnits(payment)
      const value = aggregate.authorized - aggregate.captured - aggregate.cancelled
      const key = idempotencyKey("capture", session.reference, aggregate.captured, value)
      if (value <= 0) return { done: withPayment(session, payment) }
      return { value, key }
    }
    const value = toMinorUnits(record.amount, currency)
    const key = idempotencyKey("capture", session.reference, earlierOf(record, currency), value)
    // Read before writing: a capture made in the Vipps portal (or an earlier attempt whose
    // answer was lost) already shows at Vipps; recording it must not capture again. Compare
    // with every capture Medusa holds, so a concurrent capture that reached Vipps first is
    // not mistaken for this one.
    const done = await this.alreadyAtVipps(session, "captured", totalOf(record.others, currency) + value)
    return done ? { done } : { value, key }
  }

  /**
   * The refund of `value` minor units for Medusa's Refund row `record` (its key counts the refunds
   * before it; without a row, Medusa's idempotency key), `done` when Vipps already shows it.
   */
  async planRefund(session: VippsSessionData, value: number, record: MovementRecord | undefined, medusaKey: string | undefined): Promise<MovementPlan> {
    const currency = session.currency
    const key = record
      ? idempotencyKey("refund", session.reference, earlierOf(record, currency), value)
      : idempotencyKey("refund", session.reference, medusaKey ?? "", value)
    if (record) {
      const done = await this.alreadyAtVipps(session, "refunded", totalOf(record.others, currency) + value)
      if (done) return { done }
    }
    return { value, key }
  }

  /** The payment data if Vipps already shows `total` (minor units) captured/refunded, else undefined. */
  async alreadyAtVipps(session: VippsSessionData, kind: "captured" | "refunded", total: number) {
    const payment = await this.readPayment(session)
    if (aggregateInMinorUnits(payment)[kind] < total) return undefined
    this.logger.info(`Vipps MobilePay ${session.reference}: already ${kind} at Vipps, recorded in Medusa without a new ${kind === "captured" ? "capture" : "refund"}.`)
    return withPayment(session, payment)
  }

  /**
   * "Already captured / refunded / cancelled" is success: read the payment back and return it
   * when Vipps already shows the effect; otherwise rethrow the original error.
   */
  async acceptIfAlreadyDone(operation: MovementOperation, session: VippsSessionData, error: unknown) {
    const vipps = vippsErrorOf(error)
    if (!vipps?.code || !ALREADY_DONE[operation].has(vipps.code)) throw error
    const payment = await this.readPayment(session)
    const aggregate = aggregateInMinorUnits(payment)
    const done =
      operation === "capture" ? aggregate.captured + aggregate.cancelled >= aggregate.authorized
      : operation === "refund" ? aggregate.refunded >= aggregate.captured && aggregate.captured > 0
      : aggregate.authorized - aggregate.captured - aggregate.cancelled <= 0
    if (!done) throw error
    this.logger.info(`Vipps MobilePay ${operation} on ${session.reference}: already done at Vipps, treated as success (code ${vipps.code}).`)
    return withPayment(session, payment)
  }
}
