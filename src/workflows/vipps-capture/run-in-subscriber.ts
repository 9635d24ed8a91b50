import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import type { MedusaContainer } from "@medusajs/framework/types"
import { BACKGROUND_RETRY_POLICY, withVippsRetryPolicy } from "../../vipps"

/**
 * Runs a capture workflow for a subscriber. A failed capture is already recorded on the
 * payment and logged by the workflow; the subscriber must not throw (the event bus would
 * only log it again), so errors end here. Nobody is waiting, so Vipps calls wait as long as
 * Vipps asks (background policy), even when the event was emitted inside an admin request.
 */
export async function runVippsCaptureWorkflow(
  container: MedusaContainer,
  what: string,
  run: () => Promise<{ errors?: { error?: unknown }[] }>
): Promise<void> {
  const logger = container.resolve(ContainerRegistrationKeys.LOGGER)
  try {
    const { errors } = await withVippsRetryPolicy(BACKGROUND_RETRY_POLICY, run)
    for (const e of errors ?? []) {
      if ((e.error as { logged?: boolean } | undefined)?.logged) continue // a refusal the capture step logged already
      logger.warn(`Vipps MobilePay ${what}: ${(e.error as Error)?.message ?? e.error}`)
    }
  } catch (error) {
    logger.warn(`Vipps MobilePay ${what}: ${(error as Error).message}`)
  }
}
