import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, Modules, PaymentSessionStatus } from "@medusajs/framework/utils"
import { VIPPS_MODULE, VippsModuleService } from "../modules/vipps"
import { MAX_WEBHOOK_ATTEMPTS, processWebhookEvent } from "../webhooks"
import { syncVippsPayment } from "../payment-sync"
import { listVippsProviders } from "../sales-units"

/** Sessions older than this are left alone: Vipps payments expire after minutes, not days. */
const PENDING_WINDOW_MS = 3 * 24 * 60 * 60 * 1000

export type ReconcileReport = { checked: number; completed: number; failed: number; errors: number; webhooks_retried: number }

/**
 * The fallback that makes sure no Vipps payment stays stuck when webhooks are late or lost:
 * reads every Vipps payment session still pending in Medusa and applies the result through
 * the same code path as webhooks. Its cost grows with the number of pending sessions only.
 * A failing row is logged and skipped; it never stops the run.
 */
export async function reconcileVippsPayments(container: MedusaContainer): Promise<ReconcileReport> {
  const logger = container.resolve(ContainerRegistrationKeys.LOGGER)
  const paymentModule = container.resolve(Modules.PAYMENT)
  const report: ReconcileReport = { checked: 0, completed: 0, failed: 0, errors: 0, webhooks_retried: 0 }

  const providerIds = (await listVippsProviders(container)).map((p) => p.id)
  if (!providerIds.length) return report

  const sessions = await paymentModule.listPaymentSessions(
    {
      provider_id: providerIds,
      // Only undecided payments; ended ones are `requires_more` and final (see providers/vipps/status).
      status: [PaymentSessionStatus.PENDING],
      created_at: { $gte: new Date(Date.now() - PENDING_WINDOW_MS) },
    } as any,
    { select: ["id", "data"], take: 500, order: { created_at: "ASC" } }
  )
  for (const session of sessions) {
    const reference = (session.data as { reference?: string } | null)?.reference
    if (!reference) continue
    report.checked++
    try {
      const result = await syncVippsPayment(container, reference, "job")
      if (result.outcome === "completed" || result.outcome === "authorized") report.completed++
      if (result.outcome === "failed" || result.outcome === "completion_failed") report.failed++
    } catch (error) {
      report.errors++
      logger.error(`Vipps MobilePay reconciliation skipped ${reference}: ${(error as Error).message}`)
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

  if (report.checked || report.webhooks_retried) {
    logger.info(`Vipps MobilePay reconciliation: ${JSON.stringify(report)}`)
  }
  return report
}
