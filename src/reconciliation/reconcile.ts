import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { VIPPS_MODULE, VippsModuleService } from "../modules/vipps"
import { MAX_WEBHOOK_ATTEMPTS, processWebhookEvent } from "../webhooks"
import { syncVippsPayment } from "../payment-sync"
import { listVippsProviders } from "../sales-units"
import { MovementRepairReport, repairMovements } from "./movements"
import { clearFailedReads, listPendingSessions, recordFailedRead } from "./pending-sessions"
import { RESCHEDULE_RETRY_POLICY, withVippsRetryPolicy } from "../vipps"
import { vippsErrorOf } from "../providers/vipps/medusa-error"

/** Sessions older than this are left alone: Vipps payments expire after minutes, not days. */
const PENDING_WINDOW_MS = 3 * 24 * 60 * 60 * 1000

export type ReconcileReport = {
  checked: number
  completed: number
  failed: number
  errors: number
  /** Payments Vipps asked us to leave alone for now (429): the next run (every minute) reads them. */
  rescheduled: number
  webhooks_retried: number
  /** Money movements a dead process left half done, and what became of them. */
  movements: MovementRepairReport
}

/**
 * The fallback that makes sure no Vipps payment stays stuck when webhooks are late or lost:
 * reads every Vipps payment session still pending in Medusa and applies the result through
 * the same code path as webhooks, and repairs interrupted money movements (movements.ts). Its
 * cost grows with the pending sessions and movements in flight only. A failing row is logged,
 * backs off and is skipped; it never stops the run.
 * The run comes again every minute, so it never waits out a rate limit: a payment Vipps holds
 * back is left to the next run.
 */
export function reconcileVippsPayments(container: MedusaContainer): Promise<ReconcileReport> {
  return withVippsRetryPolicy(RESCHEDULE_RETRY_POLICY, () => reconcileOnce(container))
}

async function reconcileOnce(container: MedusaContainer): Promise<ReconcileReport> {
  const logger = container.resolve(ContainerRegistrationKeys.LOGGER)
  const report: ReconcileReport = {
    checked: 0, completed: 0, failed: 0, errors: 0, rescheduled: 0, webhooks_retried: 0,
    movements: { stale: 0, done: 0, finished: 0, rolled_back: 0, failed: 0, still_pending: 0, compared: 0, mismatches: 0, released: 0 },
  }

  const providerIds = (await listVippsProviders(container)).map((p) => p.id)
  if (!providerIds.length) return report

  // First the movements: money half moved matters more than a shopper still deciding.
  try {
    report.movements = await repairMovements(container)
  } catch (error) {
    logger.error(`Vipps MobilePay reconciliation could not repair movements: ${(error as Error).message}`)
  }

  const sessions = await listPendingSessions(container, providerIds, new Date(Date.now() - PENDING_WINDOW_MS), 500)
  for (const session of sessions) {
    const reference = (session.data as { reference?: string } | null)?.reference
    if (!reference) continue
    report.checked++
    try {
      const result = await syncVippsPayment(container, reference, "job")
      if (result.outcome === "completed" || result.outcome === "authorized") report.completed++
      if (result.outcome === "failed" || result.outcome === "completion_failed") report.failed++
      if (session.data?.reconcile_failures != null) await clearFailedReads(container, session.id)
    } catch (error) {
      const retryAfter = (vippsErrorOf(error) as { retryAfterSeconds?: number } | undefined)?.retryAfterSeconds
      if (retryAfter !== undefined) {
        report.rescheduled++
        logger.info(`Vipps MobilePay reconciliation left ${reference} for a later run: Vipps asked to wait ${retryAfter} s (rate limit).`)
        continue
      }
      report.errors++
      logger.error(`Vipps MobilePay reconciliation skipped ${reference}: ${(error as Error).message}`)
      await recordFailedRead(container, session.id, error).catch(() => undefined)
    }
  }

  // Deliveries stored but not applied (processing failed, or the process stopped meanwhile).
  const vipps = container.resolve<VippsModuleService>(VIPPS_MODULE)
  const unprocessed = await vipps.listVippsWebhookEvents(
    // Fresh deliveries are being handled by the subscriber right now: leave them a minute.
    { status: ["received", "failed"], attempts: { $lt: MAX_WEBHOOK_ATTEMPTS }, created_at: { $lt: new Date(Date.now() - 60_000) } } as any,
    { select: ["id"], take: 200, order: { created_at: "ASC" } }
  )
  for (const event of unprocessed) {
    report.webhooks_retried++
    await processWebhookEvent(container, event.id)
  }

  if (report.checked || report.webhooks_retried || report.movements.stale || report.movements.mismatches) {
    logger.info(`Vipps MobilePay reconciliation: ${JSON.stringify(report)}`)
  }
  return report
}
