import { capturePaymentWorkflow, refundPaymentWorkflow } from "@medusajs/medusa/core-flows"
import type { MedusaContainer } from "@medusajs/framework/types"
import { MedusaError, Modules } from "@medusajs/framework/utils"
import { fromMinorUnits, isPlainDecimal, isVippsAmountError, toMinorUnits } from "../vipps"
import { aggregateInMinorUnits } from "../providers/vipps/session-data"
import type { VippsCaptureData } from "../workflows/vipps-capture/payment-data"
import { releaseVippsPaymentWorkflow } from "../workflows/vipps-admin/release-payment"
import { AdminError, availableOf, loadVippsPayment } from "./payment-view"
import { syncVippsPayment } from "../payment-sync"
import { releaseWaiting } from "../reconciliation"

/**
 * The card's actions. Each checks the amount against what Vipps says is possible *before*
 * anything moves (so an impossible amount is a 400 and no capture/refund call), then goes
 * through the same Medusa workflows as every other capture/refund, so Medusa's records, events
 * and the provider's idempotency keys are the usual ones.
 */

/** A failed action with Vipps's own explanation (code, trace id) for the merchant. */
export class AdminActionError extends Error {
  constructor(readonly info: AdminError, readonly httpStatus: number) {
    super(info.message)
  }
}

/**
 * Major units ("40", "40.5", 40.5) → exact minor units; 400 for anything that is not a positive
 * plain decimal. "1e3" or "0x10" would be read as numbers by the money parser (Medusa's own
 * amounts may come in exponent form), but typed by a person they are a mistake.
 */
export function parseAdminAmount(amount: string | number, currency: string): number {
  const text = typeof amount === "string" ? amount.trim() : amount
  if (!isPlainDecimal(text)) {
    throw new MedusaError(
      MedusaError.Types.INVALID_DATA,
      `Invalid amount: ${JSON.stringify(String(text))} is not a decimal number. Write the amount in ${currency} with digits and ` +
        `at most one decimal point, e.g. "40", "40.5" or "40.50" (no exponent, sign, spaces or letters).`
    )
  }
  let minor: number
  try {
    minor = toMinorUnits(text, currency)
  } catch (error) {
    if (isVippsAmountError(error)) throw new MedusaError(MedusaError.Types.INVALID_DATA, `Invalid amount: ${error.message}.`)
    throw error
  }
  if (minor <= 0) throw new MedusaError(MedusaError.Types.INVALID_DATA, `Invalid amount: it must be greater than 0 ${currency}.`)
  return minor
}

async function liveAmounts(container: MedusaContainer, paymentId: string) {
  const loaded = await loadVippsPayment(container, paymentId)
  const live = await loaded.provider.client.epayment.getPayment(loaded.session.reference)
  const aggregate = aggregateInMinorUnits(live)
  return { ...loaded, state: live.state, aggregate, available: availableOf(live.state, aggregate) }
}

const money = (minor: number, currency: string) => `${currency} ${fromMinorUnits(minor, currency)}`

export async function captureAmount(container: MedusaContainer, paymentId: string, amount: string | number, actorId?: string) {
  const { session } = await loadVippsPayment(container, paymentId)
  const minor = parseAdminAmount(amount, session.currency)
  const { aggregate, available, state } = await liveAmounts(container, paymentId)
  if (minor > available.capture) {
    const c = session.currency
    throw new MedusaError(
      MedusaError.Types.INVALID_DATA,
      available.capture === 0
        ? `Nothing can be captured on this payment (state ${state}, authorized ${money(aggregate.authorized, c)}, captured ${money(aggregate.captured, c)}, released ${money(aggregate.cancelled, c)}).`
        : `Cannot capture ${money(minor, c)}: at most ${money(available.capture, c)} is left to capture (authorized ${money(aggregate.authorized, c)}, captured ${money(aggregate.captured, c)}, released ${money(aggregate.cancelled, c)}).`
    )
  }
  await capturePaymentWorkflow(container).run({
    input: { payment_id: paymentId, amount: fromMinorUnits(minor, session.currency), captured_by: actorId },
  })
}

export async function refundAmount(container: MedusaContainer, paymentId: string, amount: string | number, actorId?: string) {
  const { session } = await loadVippsPayment(container, paymentId)
  const minor = parseAdminAmount(amount, session.currency)
  const { aggregate, available } = await liveAmounts(container, paymentId)
  if (minor > available.refund) {
    const c = session.currency
    throw new MedusaError(
      MedusaError.Types.INVALID_DATA,
      available.refund === 0
        ? `Nothing can be refunded on this payment (captured ${money(aggregate.captured, c)}, refunded ${money(aggregate.refunded, c)}).`
        : `Cannot refund ${money(minor, c)}: at most ${money(available.refund, c)} can be refunded (captured ${money(aggregate.captured, c)}, refunded ${money(aggregate.refunded, c)}).`
    )
  }
  await refundPaymentWorkflow(container).run({
    input: { payment_id: paymentId, amount: fromMinorUnits(minor, session.currency), created_by: actorId },
  })
}

/** Releases everything still reserved and brings Medusa in line (a fully released payment is canceled in Medusa). */
export async function releaseRemainder(container: MedusaContainer, paymentId: string) {
  const { session, available } = await liveAmounts(container, paymentId)
  if (available.release <= 0) {
    throw new MedusaError(MedusaError.Types.INVALID_DATA, "Nothing is reserved on this payment any more: there is nothing to release.")
  }
  const failuresBefore = await releaseFailures(container, paymentId)
  const { result } = await releaseVippsPaymentWorkflow(container).run({ input: { payment_id: paymentId } })
  if (!result?.length) {
    const data = ((await container.resolve(Modules.PAYMENT).retrievePayment(paymentId, { select: ["id", "data"] })).data ?? {}) as VippsCaptureData
    if (releaseWaiting(data)) {
      // Releasing now would release the money of the capture in progress too: the job releases right after it.
      throw new AdminActionError({ message: "A capture of this payment is still in progress at Vipps MobilePay: the rest of the reservation is released as soon as it went through, within a few minutes." }, 409)
    }
    // The release step never throws (an order cancel must stand); it records why it failed.
    const failure = (await releaseFailures(container, paymentId)).slice(failuresBefore.length)[0]
    throw new AdminActionError(
      { message: failure?.message ?? "The reservation could not be released.", code: failure?.code, trace_id: failure?.trace_id },
      502
    )
  }
  await syncVippsPayment(container, session.reference, "admin")
  return result[0].amount
}

async function releaseFailures(container: MedusaContainer, paymentId: string) {
  const payment = await container.resolve(Modules.PAYMENT).retrievePayment(paymentId, { select: ["id", "data"] })
  return ((payment.data ?? {}) as VippsCaptureData).release_failures ?? []
}

/** Imports what happened at Vipps (portal captures, refunds, cancels) into Medusa. */
export async function refreshFromVipps(container: MedusaContainer, paymentId: string) {
  const { session } = await loadVippsPayment(container, paymentId)
  return syncVippsPayment(container, session.reference, "admin")
}
