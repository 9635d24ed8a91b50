import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import { MovementJournal, type MovementKind, type MovementRow } from "../modules/vipps"
import type { Knex } from "../modules/vipps/pg-connection"
import { findSessionByReference, sessionIdFromReference } from "../payment-sync"

/**
 * Which verified deliveries need no read at Vipps, because they only confirm what Medusa
 * already holds from an earlier Vipps answer (the plugin's own create, authorization read and
 * movements). The webhook stays a trigger: nothing here changes money state; a delivery that
 * is not recognised as such a confirmation goes through payment-sync, which reads the payment
 * at Vipps first (portal captures/refunds, shopper decisions, anything unexpected).
 *  - CREATED: never changes anything in Medusa (the plugin made the payment; its session holds it).
 *  - AUTHORIZED: Medusa's payment for that session already exists (authorizePayment read
 *    Vipps and checked the amount), and the delivery's amount is the session's. A session
 *    still pending is given up to 3 s (the shopper's own completion is usually under way).
 *  - CAPTURED / REFUNDED / CANCELLED: the delivery's Idempotency-Key is a movement in the
 *    plugin's movement journal of that kind and amount, for that reference, settled `done`
 *    (Vipps answered it), and Medusa still holds its record of it. A movement still `pending` is waited for
 *    briefly (its process is finishing it); if it does not settle, the payment is read as before.
 *    An unknown key (a capture or refund made in the business portal) is read and imported.
 */
export type WebhookFacts = {
  reference: string
  name: string
  amount: number
  success: boolean
  idempotency_key?: string | null
}

const KIND_OF: Record<string, MovementKind> = { CAPTURED: "capture", REFUNDED: "refund", CANCELLED: "cancel" }
const PENDING_WAIT_MS = 3000
const PENDING_POLL_MS = 100

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** A delivery whose processing changes nothing whatever Medusa holds: the intake stores it processed. */
export const changesNothing = (name: string) => name === "CREATED"

/** Why the delivery needs no Vipps read (a short phrase for the log), or undefined: read and sync. */
export async function confirmsWhatMedusaHolds(container: MedusaContainer, event: WebhookFacts): Promise<string | undefined> {
  if (changesNothing(event.name)) return "the payment's creation"
  if (event.name === "AUTHORIZED") {
    if (!event.success) return undefined
    // The shopper usually completes the cart right after approving (the storefront reads the
    // authorization then): give that completion a moment before reading Vipps for it.
    for (let waited = 0; ; waited += PENDING_POLL_MS * 2) {
      const session = await sessionPaymentOf(container, event.reference)
      if (!session) return undefined
      if (session.paymentId) return session.amount === event.amount ? "an authorization Medusa already holds" : undefined
      if (session.ended || waited >= PENDING_WAIT_MS) return undefined
      await sleep(PENDING_POLL_MS * 2)
    }
  }
  const kind = KIND_OF[event.name]
  if (!kind || !event.idempotency_key) return undefined
  const journal = MovementJournal.fromContainer(container)
  if (!journal) return undefined
  const matches = (m: MovementRow | undefined) =>
    !!m && m.reference === event.reference && m.kind === kind && (kind === "cancel" || Number(m.amount) === event.amount)

  let movement = await journal.byKey(event.idempotency_key)
  for (let waited = 0; matches(movement) && movement!.status === "pending" && waited < PENDING_WAIT_MS; waited += PENDING_POLL_MS) {
    await sleep(PENDING_POLL_MS)
    movement = await journal.byKey(event.idempotency_key)
  }
  if (!matches(movement) || movement!.status !== "done") return undefined
  return (await medusaHolds(container, movement!)) ? `the plugin's own ${kind} (${event.idempotency_key})` : undefined
}

/**
 * The session behind a reference: its amount (minor units), Medusa's payment for it, whether it
 * ended. Plain SQL on Medusa's payment_session and payment tables (both by indexed id), not the
 * payment module's retrieve: this runs for every AUTHORIZED delivery, and the module's
 * retrieve with its payment relation was a third of the worker's CPU per delivery (MikroORM's
 * query building, hydration and serialisation) for three columns.
 */
async function sessionPaymentOf(container: MedusaContainer, reference: string) {
  const id = sessionIdFromReference(reference)
  if (!id) return undefined
  const knex = container.resolve<Knex>(ContainerRegistrationKeys.PG_CONNECTION)
  const { rows } = await knex.raw(
    `select s."status", s."data", p."id" as "payment_id" from "payment_session" s
     left join "payment" p on p."payment_session_id" = s."id" and p."deleted_at" is null
     where s."id" = ? and s."deleted_at" is null limit 1`,
    [id]
  )
  const session = rows[0] as { status: string; data: Record<string, unknown> | null; payment_id: string | null } | undefined
  if (!session || session.data?.reference !== reference) return undefined
  return {
    amount: session.data?.amount,
    paymentId: session.payment_id ?? undefined,
    ended: session.status !== "pending" || !!session.data?.completion_error,
  }
}

/**
 * Medusa kept its side of a movement Vipps confirmed: the capture or refund row it is linked
 * to still exists (Medusa removes it when its own call failed after Vipps answered); for a
 * release, Medusa's payment is cancelled, has captures (a remainder release), or there is none.
 */
async function medusaHolds(container: MedusaContainer, movement: MovementRow): Promise<boolean> {
  const paymentModule = container.resolve(Modules.PAYMENT)
  if (movement.kind === "cancel") {
    const session = await findSessionByReference(container, movement.reference)
    const payment = session?.payment
    return !payment || !!payment.canceled_at || (payment.captures?.length ?? 0) > 0
  }
  if (!movement.medusa_record_id) return false
  const rows = movement.kind === "capture"
    ? await paymentModule.listCaptures({ id: movement.medusa_record_id } as any, { select: ["id"] })
    : await paymentModule.listRefunds({ id: movement.medusa_record_id } as any, { select: ["id"] })
  return rows.length > 0
}
