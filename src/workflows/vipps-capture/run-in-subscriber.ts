import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import type { MedusaContainer } from "@medusajs/framework/types"

/**
 * Runs a capture workflow for a subscriber. A failed capture is already recorded on the
 * payment and logged by the workflow; the subscriber must not throw (the event bus would
 * only log it again), so errors end here.
 */
export async function runVippsCaptureWorkflow(
  container: MedusaContainer,
  what: string,
  run: () => Promise<{ errors?: { error?: unknown }[] }>
): Promise<void> {
  const logger = container.resolve(ContainerRegistrationKeys.LOGGER)
  try {
    const { errors } = await run()
    for (const e of errors ?? []) logger.warn(`Vipps MobilePay ${what}: ${(e.error as Error)?.message ?? e.error}`)
  } catch (error) {
    logger.warn(`Vipps MobilePay ${what}: ${(error as Error).message}`)
  }
}
