import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import { MovementJournal, MovementRow } from "../modules/vipps"
import { toMinorUnits } from "../vipps"
import type { GetPaymentResponse, PaymentEvent } from "../vipps"
import { errorSummary, isFinalRejection, vippsErrorOf } from "../providers/vipps/medusa-error"
import { aggregateInMinorUnits, readSessionData, withPayment } from "../providers/vipps/session-data"
import type { VippsProviderService } from "../providers/vipps/service"
import { VIPPS_PAYMENT_LOCK, findSessionByReference, syncVippsPayment, vippsPaymentLockKey } from "../payment-sync"
import { listVippsProviders } from "../sales-units"
import { completeMedusaMovement, recordMedusaCapture, removeMedusaCapture, removeMedusaRefund } from "./medusa-ledger"
import { releaseDeferredRemainder } from "./release-remainder"

/**
 * Repairs money movements a dead process left half done (a `pending` record of intent long
 * after its request could have ended). Per movement, under the payment's lock, Vipps's event
 * log says whether the request with that idempotency key took effect:
 *  - it did → Medusa's record is completed (or created) and the movement is done;
 *  - it did not, and Medusa holds a record of it → the movement is finished at Vipps with the
 *    SAME key (a request that did reach Vipps is replayed, never doubled). Captures, refunds and
 *    cancels are all finished rather than rolled back: each was a decision already taken (goods
 *    shipped, money promised back, reservation to release) and shown to the merchant as done;
 *    rolling back would silently undo it. Only if Vipps finally refuses (e.g. reservation
 *    expired) is Medusa's record rolled back and the movement marked failed;
 *  - it did not, and Medusa has no record → nothing happened on either side: rolled back.
 * Then Medusa and Vipps are compared in both directions for those payments. Cost: the stale
 * movements only (index-backed). Movements a live process settled need no second look: it
 * recorded Vipps's answer, and a CAPTURED/REFUNDED webhook whose movement Medusa does not hold
 * is read and imported (webhooks/confirmation.ts).
 */
export type MovementRepairReport = {
  stale: number
  done: number
  finished: number
  rolled_back: number
  failed: number
  still_pending: number
  compared: number
  mismatches: number
  /** Remainders released once the capture they waited for went through (release-remainder.ts). */
  released: number
}

const STALE_BATCH = 100
const EVENT_OF = { capture: "CAPTURED", refund: "REFUNDED", cancel: "CANCELLED" } as const

type Options = VippsProviderService["options"]

/** How long one Vipps call can take in a live process, retries and backoff included. */
export function liveBudgetMs(options: Pick<Options, "timeoutMs" | "maxRetries" | "retryBaseMs">): number {
  const timeout = options.timeoutMs ?? 10_000
  const retries = options.maxRetries ?? 4
  const base = options.retryBaseMs ?? 300
  let waits = 0
  for (let i = 0; i < retries; i++) waits += Math.min(10_000, base * 2 ** i)
  return timeout * (retries + 1) + waits
}

/** A movement untouched for twice the longest live call belongs to a process that is gone. */
export function movementGraceMs(providers: { options: Options }[]): number {
  return 2 * Math.max(0, ...providers.map((p) => liveBudgetMs(p.options)))
}

export async function repairMovements(container: MedusaContainer): Promise<MovementRepairReport> {
  const report: MovementRepairReport = { stale: 0, done: 0, finished: 0, rolled_back: 0, failed: 0, still_pending: 0, compared: 0, mismatches: 0, released: 0 }
  const journal = MovementJournal.fromContainer(container)
  const providers = (await listVippsProviders(container)).map((p) => p.provider)
  if (!journal || !providers.length) return report
  const logger = container.resolve(ContainerRegistrationKeys.LOGGER)

  const stale = await journal.stale(new Date(Date.now() - movementGraceMs(providers)), STALE_BATCH)
  report.stale = stale.length
  const byReference = new Map<string, MovementRow[]>()
  for (const m of stale) byReference.set(m.reference, [...(byReference.get(m.reference) ?? []), m])

  for (const [reference, movements] of byReference) {
    const provider = providers.find((p) => p.options.merchantSerialNumber === movements[0].msn)
    if (!provider) continue
    try {
      await repairPayment(container, journal, provider, reference, movements, report)
    } catch (error) {
      logger.error(`Vipps MobilePay: could not repair the movements of ${reference}: ${(error as Error).message}`)
      for (const m of movements) await journal.touch(m.idempotency_key, errorSummary(error)).catch(() => undefined)
    }
  }

  for (const reference of byReference.keys()) {
    try {
      await compareBothWays(container, journal, reference, report)
    } catch (error) {
      logger.error(`Vipps MobilePay: could not compare ${reference} with Vipps: ${(error as Error).message}`)
    }
  }
  return report
}

async function repairPayment(
  container: MedusaContainer,
  journal: MovementJournal,
  provider: VippsProviderService,
  reference: string,
  movements: MovementRow[],
  report: MovementRepairReport
) {
  const session = await findSessionByReference(container, reference)
  const paymentId = session?.payment?.id ?? movements.find((m) => m.payment_id)?.payment_id ?? undefined
  const lockKey = paymentId ? vippsPaymentLockKey(paymentId) : `vipps:${reference}`
  await container.resolve(Modules.LOCKING).execute(
    lockKey,
    async () => {
      let [payment, events] = await Promise.all([provider.client.epayment.getPayment(reference), provider.client.epayment.getPaymentEvents(reference)])
      for (const movement of movements) {
        const outcome = await repairOne(container, journal, provider, movement, payment, events, paymentId, session?.payment?.data ?? session?.data)
        report[outcome]++
        // A capture went through: the release that waited for it (the completing fulfilment's, an order edit's) follows now, as it would have.
        if (paymentId && movement.kind === "capture" && (outcome === "done" || outcome === "finished")) {
          const released = await releaseDeferredRemainder(container, paymentId)
          if (released > 0) report.released++
        }
        if (outcome === "finished") {
          ;[payment, events] = await Promise.all([provider.client.epayment.getPayment(reference), provider.client.epayment.getPaymentEvents(reference)])
        }
      }
    },
    VIPPS_PAYMENT_LOCK
  )
}

type Outcome = "done" | "finished" | "rolled_back" | "failed" | "still_pending"

async function repairOne(
  container: MedusaContainer,
  journal: MovementJournal,
  provider: VippsProviderService,
  m: MovementRow,
  payment: GetPaymentResponse,
  events: PaymentEvent[],
  paymentId: string | undefined,
  paymentData: Record<string, unknown> | null | undefined
): Promise<Outcome> {
  const logger = container.resolve(ContainerRegistrationKeys.LOGGER)
  const key = m.idempotency_key
  const applied = events.some((e: any) => e.name === EVENT_OF[m.kind] && e.success && e.idempotencyKey === key)
  const say = (what: string) => logger.warn(`Vipps MobilePay: interrupted ${m.kind} of ${m.amount} ${m.currency} minor units on ${m.reference} (${m.source}): ${what}.`)

  if (m.kind === "cancel") {
    const a = aggregateInMinorUnits(payment)
    const releasable = payment.state === "CREATED" || (payment.state === "AUTHORIZED" && a.authorized - a.captured - a.cancelled > 0)
    if (applied || !releasable) {
      await journal.finish(key, applied ? "done" : "rolled_back", applied ? undefined : "nothing left to release at Vipps")
      say(applied ? "done at Vipps" : "nothing left to release")
      return applied ? "done" : "rolled_back"
    }
    const session = readSessionData((paymentData ?? {}) as Record<string, unknown>, { optional: true })
    if (!session) return "still_pending"
    // The provider's cancel derives the key from the state again: the same key when nothing
    // changed, and it writes (and settles) its own record.
    await provider.cancelPayment({ data: session as unknown as Record<string, unknown> })
    await journal.finish(key, "done")
    say("released at Vipps now")
    return "finished"
  }

  const rows = m.kind === "capture" ? await capturesOf(container, paymentId) : await refundsOf(container, paymentId)
  const record = rows.find((r) => r.id === m.medusa_record_id) ?? (m.kind === "capture" ? rows.find((r) => r.created_by === m.source && m.source.startsWith("vipps:")) : undefined)
  const session = readSessionData((paymentData ?? {}) as Record<string, unknown>, { optional: true })

  if (applied) {
    if (paymentId && record && session) await completeMedusaMovement(container, m.kind, record.id, paymentId, withPayment(session, payment) as any)
    else if (paymentId && m.kind === "capture" && (await medusaCapturedOf(container, paymentId, m.currency)) + m.amount <= aggregateInMinorUnits(payment).captured) {
      // Not imported meanwhile (a webhook's sync records captures Vipps shows as "vipps:portal").
      await recordMedusaCapture(container, paymentId, m.amount, m.currency, m.source)
    }
    // A refund Vipps made without a Medusa row is imported by the comparison that follows.
    await journal.finish(key, "done")
    say("it was done at Vipps; Medusa completed")
    return "done"
  }
  if (!record || !paymentId || !session) {
    await journal.finish(key, "rolled_back", "neither Medusa nor Vipps recorded it")
    say("nothing was recorded on either side")
    return "rolled_back"
  }

  try {
    const amount = { value: m.amount, currency: m.currency }
    const result = m.kind === "capture"
      ? await provider.client.epayment.capturePayment(m.reference, amount, key)
      : await provider.client.epayment.refundPayment(m.reference, amount, key)
    await completeMedusaMovement(container, m.kind, record.id, paymentId, withFailuresResolved(withPayment(session, result), key) as any)
    await journal.finish(key, "done")
    say("finished at Vipps with the same idempotency key")
    return "finished"
  } catch (error) {
    if (!isFinalRejection(error)) {
      await journal.touch(key, errorSummary(error))
      return "still_pending"
    }
    if (m.kind === "capture") {
      await removeMedusaCapture(container, { capture_id: record.id, payment_id: paymentId })
      await addCaptureFailure(container, paymentId, m, error)
    } else await removeMedusaRefund(container, record.id, paymentId)
    await journal.finish(key, "failed", errorSummary(error))
    logger.error(
      `Vipps MobilePay: interrupted ${m.kind} of ${m.amount} ${m.currency} minor units on ${m.reference} (${m.source}): ` +
        `Vipps refused it (${errorSummary(error)}); Medusa's record was removed and it is not sent again.`
    )
    return "failed"
  }
}

type Failure = { idempotency_key?: string; resolved_at?: string }

/** The payment data with the capture failures of this key marked resolved (the capture went through after all). */
function withFailuresResolved<T extends object>(data: T, key: string): T {
  const failures = (data as { capture_failures?: Failure[] }).capture_failures
  if (!failures?.length) return data
  const now = new Date().toISOString()
  return { ...data, capture_failures: failures.map((f) => (f.idempotency_key === key && !f.resolved_at ? { ...f, resolved_at: now } : f)) }
}

/** A capture Vipps finally refused when the job sent it again (e.g. 6260): on the payment, as the capture workflow records it. */
async function addCaptureFailure(container: MedusaContainer, paymentId: string, m: MovementRow, error: unknown) {
  const paymentModule = container.resolve(Modules.PAYMENT)
  const payment = await paymentModule.retrievePayment(paymentId, { select: ["id", "data"] })
  const data = (payment.data ?? {}) as Record<string, unknown> & { capture_failures?: unknown[] }
  const vipps = vippsErrorOf(error)
  const failure = {
    source: m.source,
    fulfillment_id: m.source.startsWith("vipps:fulfillment:") ? m.source.slice("vipps:fulfillment:".length) : undefined,
    trigger: "reconciliation",
    amount: m.amount,
    currency: m.currency,
    code: vipps?.code,
    status: vipps?.status,
    message: vipps?.merchantMessage ?? (error as Error)?.message ?? String(error),
    trace_id: vipps?.traceId,
    idempotency_key: m.idempotency_key,
    definitive: true,
    at: new Date().toISOString(),
  }
  await paymentModule.updatePayment({ id: paymentId, data: { ...data, capture_failures: [...(data.capture_failures ?? []), failure] } } as any)
}

type Row = { id: string; created_by?: string | null; amount?: unknown; raw_amount?: { value: string } }

async function medusaCapturedOf(container: MedusaContainer, paymentId: string, currency: string) {
  const rows = await capturesOf(container, paymentId)
  return rows.reduce((t, r) => t + toMinorUnits((r.raw_amount ?? { value: String(r.amount) }) as any, currency), 0)
}

async function capturesOf(container: MedusaContainer, paymentId: string | undefined): Promise<Row[]> {
  if (!paymentId) return []
  return (await container.resolve(Modules.PAYMENT).listCaptures({ payment_id: paymentId } as any)) as unknown as Row[]
}

async function refundsOf(container: MedusaContainer, paymentId: string | undefined): Promise<Row[]> {
  if (!paymentId) return []
  return (await container.resolve(Modules.PAYMENT).listRefunds({ payment_id: paymentId } as any)) as unknown as Row[]
}

/**
 * Medusa against Vipps for one payment, both ways. Vipps ahead → imported through payment-sync
 * (the same path as portal movements). Medusa ahead with no movement in flight → logged as an
 * error with both figures: without a record of intent there is no key to finish it with, and
 * the plugin never guesses about money.
 */
async function compareBothWays(container: MedusaContainer, journal: MovementJournal, reference: string, report: MovementRepairReport) {
  const movements = await journal.forReference(reference)
  if (movements.some((m) => m.status === "pending")) return // in flight: its process or a later run settles it
  const session = await findSessionByReference(container, reference)
  if (!session?.payment) return
  report.compared++
  await syncVippsPayment(container, reference, "job")
  const after = await findSessionByReference(container, reference)
  const provider = (await listVippsProviders(container)).find((p) => p.id === session.provider_id)?.provider
  if (!after?.payment || !provider) return
  const vipps = aggregateInMinorUnits(await provider.client.epayment.getPayment(reference))
  const currency = String(session.data.currency)
  const sum = (rows: any[] | undefined) => (rows ?? []).reduce((t, r) => t + toMinorUnits(r.raw_amount ?? { value: String(r.amount) }, currency), 0)
  const medusa = { captured: sum(after.payment.captures), refunded: sum(after.payment.refunds) }
  if (medusa.captured > vipps.captured || medusa.refunded > vipps.refunded) {
    report.mismatches++
    container.resolve(ContainerRegistrationKeys.LOGGER).error(
      `Vipps MobilePay ${reference}: Medusa shows more than Vipps (captured ${medusa.captured} vs ${vipps.captured}, refunded ${medusa.refunded} vs ${vipps.refunded} minor units) and no movement is in flight. Check the payment in the Vipps portal.`
    )
  }
}
