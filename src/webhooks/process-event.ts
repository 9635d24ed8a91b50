import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { WebhookInbox } from "../modules/vipps"
import { findSessionByReference, keepCaptureGuarantee, syncVippsPayment } from "../payment-sync"
import { confirmsWhatMedusaHolds } from "./confirmation"

/** Gives up on a stored delivery after this many failed processing attempts (it stays visible). */
export const MAX_WEBHOOK_ATTEMPTS = 10

/**
 * Processes one stored webhook delivery: syncs its payment from Vipps and marks the row
 * processed, or failed with the reason (the job retries failed rows). A delivery that only
 * confirms what Medusa already holds from Vipps (confirmation.ts) is marked processed without
 * a Vipps read.
 */
export async function processWebhookEvent(container: MedusaContainer, eventId: string) {
  const inbox = WebhookInbox.fromContainer(container)
  const logger = container.resolve(ContainerRegistrationKeys.LOGGER)
  const event = await inbox.get(eventId)
  if (!event || event.status === "processed") return

  try {
    const confirmed = await confirmsWhatMedusaHolds(container, event)
    if (confirmed && event.capture_guaranteed_until) {
      // Confirmed without a read: the webhook's captureGuaranteedUntil is kept from the webhook itself.
      await keepCaptureGuarantee(container, (await findSessionByReference(container, event.reference))?.payment?.id, event.capture_guaranteed_until)
    }
    if (confirmed) {
      logger.debug?.(`Vipps MobilePay webhook ${event.name} for ${event.reference} confirms ${confirmed}: no read at Vipps needed.`)
      await inbox.settle(event.id, { status: "processed", attempts: event.attempts + 1 })
      return
    }
    const result = await syncVippsPayment(container, event.reference, "webhook")
    const done = result.outcome !== "retry_later"
    await inbox.settle(event.id, { status: done ? "processed" : "failed", attempts: event.attempts + 1, error: done ? null : result.message ?? "will retry" })
  } catch (error) {
    const message = (error as Error).message
    logger.error(`Vipps MobilePay webhook ${event.name} for ${event.reference} could not be processed (attempt ${event.attempts + 1}): ${message}`)
    await inbox.settle(event.id, { status: "failed", attempts: event.attempts + 1, error: message })
  }
}
