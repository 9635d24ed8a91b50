// Runs one money movement at Vipps with its durable record of intent around it: the row is
// committed before Vipps is called, marked done when Vipps confirmed, failed when Vipps finally
// refused (Medusa then removes its own record), and left pending when the answer was lost, so
// the reconciliation job settles it (see src/reconciliation/movements.ts).
import type { Logger } from "@medusajs/framework/types"
import { MovementIntent, MovementJournal } from "../../modules/vipps/movement-journal"
import { errorSummary, isFinalRejection } from "./medusa-error"

export async function withMovementRecord<T>(
  journal: MovementJournal | undefined,
  logger: Logger,
  intent: MovementIntent,
  move: () => Promise<T>
): Promise<T> {
  if (!journal) return move()
  await journal.begin(intent)
  let result: T
  try {
    result = await move()
  } catch (error) {
    const final = isFinalRejection(error)
    await (final
      ? journal.finish(intent.idempotency_key, "failed", errorSummary(error))
      : journal.touch(intent.idempotency_key, errorSummary(error))
    ).catch((e) => logger.error(`Vipps MobilePay: could not update the movement record ${intent.idempotency_key}: ${(e as Error).message}`))
    // The one log line of a movement Vipps refused for good (the client leaves it to the caller).
    if (final && intent.kind !== "cancel") logger.warn(`Vipps MobilePay ${intent.kind} of ${intent.amount} ${intent.currency} minor units on ${intent.reference} refused: ${errorSummary(error)}.`)
    throw error
  }
  // Vipps moved the money: if this write fails, the job finds the row pending and sees it done at Vipps.
  await journal
    .finish(intent.idempotency_key, "done")
    .catch((e) => logger.error(`Vipps MobilePay: could not mark movement ${intent.idempotency_key} done: ${(e as Error).message}`))
  return result
}
