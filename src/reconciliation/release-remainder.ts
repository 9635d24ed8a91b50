import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import { MovementJournal } from "../modules/vipps"
import { fromMinorUnits } from "../vipps"
import { vippsErrorOf } from "../providers/vipps/medusa-error"
import { aggregateInMinorUnits, readSessionData } from "../providers/vipps/session-data"
import { resolveVippsProvider } from "../sales-units"

/**
 * Releasing what is still reserved at Vipps on a payment (Vipps always releases the whole
 * uncaptured remainder), recorded on the payment as `remainder_released`. One function for every
 * path: the last fulfilment's capture, an order cancel or edit, the admin's release, and the
 * reconciliation job finishing a capture that was in progress.
 *
 * While a capture of the payment is still in progress (6280, a 5xx or a timeout left it pending
 * for the job), releasing now would release that capture's money too: the release is deferred
 * (`remainder_release_after_capture`) and done by the job once the capture went through
 * (releaseDeferredRemainder). Never throws: a failed release is logged and recorded
 * (`release_failures`); the order change that asked for it stands.
 */
export type RemainderReleaseReason = "order_canceled" | "order_completed" | "order_edited" | "admin"

/** A release waiting for the payment's capture in progress. */
export type DeferredRelease = { reason: RemainderReleaseReason; at: string }

type ReleaseData = Record<string, unknown> & {
  remainder_released?: { amount: number; currency: string; reason: RemainderReleaseReason; at: string }[]
  release_failures?: { reason: string; message: string; code?: string; trace_id?: string; at: string }[]
  remainder_release_after_capture?: DeferredRelease
}

export type ReleaseOutcome = { released: number; deferred?: boolean }

export async function releaseRemainder(container: MedusaContainer, paymentId: string, reason: RemainderReleaseReason): Promise<ReleaseOutcome> {
  const paymentModule = container.resolve(Modules.PAYMENT)
  const logger = container.resolve(ContainerRegistrationKeys.LOGGER)
  const payment = await paymentModule.retrievePayment(paymentId, { select: ["id", "provider_id", "data"] })
  const session = readSessionData(payment.data as Record<string, unknown>, { optional: true })
  const provider = resolveVippsProvider(container, payment.provider_id)
  if (!session || !provider) return { released: 0 }

  if (await captureInProgress(container, session.reference)) {
    await updateData(container, paymentId, (data) => ({ ...data, remainder_release_after_capture: { reason, at: new Date().toISOString() } }))
    logger.info(`Vipps MobilePay: the remainder of ${session.reference} (${reason}) is released once its capture in progress went through.`)
    return { released: 0, deferred: true }
  }
  try {
    const before = aggregateInMinorUnits(await provider.client.epayment.getPayment(session.reference))
    const remainder = before.authorized - before.captured - before.cancelled
    // Nothing captured and nothing left: Medusa's own cancel already released it. Fully captured: refunds are Medusa's.
    if (remainder <= 0) return { released: 0 }
    const { data } = await provider.cancelPayment({ data: payment.data as Record<string, unknown> })
    const after = (data as { aggregate?: typeof before }).aggregate ?? before
    const amount = after.cancelled - before.cancelled
    // Released: nothing waits any more (the provider's data still carries what was stored before).
    await updateData(container, paymentId, (current) => {
      const { remainder_release_after_capture: _waited, ...merged } = { ...current, ...(data as ReleaseData) }
      return { ...merged, remainder_released: [...(current.remainder_released ?? []), { amount, currency: session.currency, reason, at: new Date().toISOString() }] }
    })
    logger.info(`Vipps MobilePay: released ${fromMinorUnits(amount, session.currency)} ${session.currency} still reserved on ${session.reference} (${reason}).`)
    return { released: amount }
  } catch (error) {
    const vipps = vippsErrorOf(error)
    const message = vipps?.merchantMessage ?? (error as Error)?.message ?? String(error)
    logger.error(`Vipps MobilePay: could not release the remainder of ${session.reference} (${reason}): ${message}`)
    await updateData(container, paymentId, (current) => ({
      ...current,
      release_failures: [...(current.release_failures ?? []), { reason, message, code: vipps?.code, trace_id: vipps?.traceId, at: new Date().toISOString() }],
    })).catch(() => undefined)
    return { released: 0 }
  }
}

/**
 * After the job finished a capture: the release that waited for it, if any and if no other
 * capture of the payment is still in progress. Answers the minor units released.
 */
export async function releaseDeferredRemainder(container: MedusaContainer, paymentId: string): Promise<number> {
  const paymentModule = container.resolve(Modules.PAYMENT)
  const payment = await paymentModule.retrievePayment(paymentId, { select: ["id", "data"] })
  const deferred = releaseWaiting(payment.data)
  if (!deferred) return 0
  const reference = (payment.data as { reference?: string }).reference
  if (reference && (await captureInProgress(container, reference))) return 0
  const { released } = await releaseRemainder(container, paymentId, deferred.reason)
  // Released, or nothing left to release, or failed (recorded as a release failure): it waits no more.
  if (!released) await updateData(container, paymentId, ({ remainder_release_after_capture: _done, ...rest }) => rest)
  return released
}

/**
 * The release still waiting for a capture, if any: one that no release (or failed attempt) has
 * followed yet. Judged by the records rather than by removing the mark, so a write of the
 * payment's data made from an older copy cannot bring a done release back.
 */
export function releaseWaiting(data: unknown): DeferredRelease | undefined {
  const d = (data ?? {}) as ReleaseData
  const waiting = d.remainder_release_after_capture
  if (!waiting) return undefined
  const after = [...(d.remainder_released ?? []), ...(d.release_failures ?? [])].some((r) => r.at >= waiting.at)
  return after ? undefined : waiting
}

async function captureInProgress(container: MedusaContainer, reference: string): Promise<boolean> {
  const movements = (await MovementJournal.fromContainer(container)?.forReference(reference)) ?? []
  return movements.some((m) => m.kind === "capture" && m.status === "pending")
}

/** Read-modify-write of a payment's data (callers hold the payment lock). */
async function updateData(container: MedusaContainer, paymentId: string, change: (data: ReleaseData) => ReleaseData) {
  const paymentModule = container.resolve(Modules.PAYMENT)
  const payment = await paymentModule.retrievePayment(paymentId, { select: ["id", "data"] })
  await paymentModule.updatePayment({ id: paymentId, data: change({ ...((payment.data ?? {}) as ReleaseData) }) } as Parameters<typeof paymentModule.updatePayment>[0])
}
