import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"

/**
 * The Vipps payment sessions the job reads: still pending (ended ones are `requires_more` and
 * final, see providers/vipps/status), at most a few days old, and not
 * backing off after failed reads. A session whose Vipps read keeps failing (unknown reference,
 * another environment's payment, Vipps down for it) waits 1, 2, 4, … up to 60 minutes between
 * tries, recorded in its data, so it never holds one of the run's slots for ever.
 *
 * Plain SQL on Medusa's payment_session table, because the filter on the back-off time is a
 * JSON field the module's list API cannot express. The partial index
 * IDX_vipps_payment_session_pending (created by the plugin's migration, or here once per
 * process when the payment module's table came later) keeps it to the pending rows:
 * the plan is an index scan whose cost grows with the pending sessions, never with history.
 */
export const PENDING_SESSIONS_INDEX = "IDX_vipps_payment_session_pending"
export const PENDING_SESSIONS_INDEX_SQL =
  `CREATE INDEX IF NOT EXISTS "${PENDING_SESSIONS_INDEX}" ON "payment_session" ("created_at") ` +
  `WHERE "status" = 'pending' AND "deleted_at" IS NULL`

type Knex = { raw(sql: string, bindings?: unknown[]): Promise<{ rows: any[] }> }

export type PendingSession = { id: string; amount: unknown; currency_code: string; status: string; data: Record<string, any> | null }

const MAX_BACKOFF_MS = 60 * 60 * 1000
let indexChecked = false

export function pendingSessionsQuery(): string {
  return `select "id", "amount", "currency_code", "status", "data" from "payment_session"
    where "status" = 'pending' and "deleted_at" is null
      and "provider_id" = any(?) and "created_at" >= ?
      and coalesce("data"->>'reconcile_retry_at', '') <= ?
    order by "created_at" asc limit ?`
}

export async function listPendingSessions(container: MedusaContainer, providerIds: string[], since: Date, limit: number): Promise<PendingSession[]> {
  const knex = container.resolve<Knex>(ContainerRegistrationKeys.PG_CONNECTION)
  if (!indexChecked) {
    indexChecked = true
    const { rows } = await knex.raw(`select to_regclass(?) as "index"`, [`"${PENDING_SESSIONS_INDEX}"`])
    if (!rows[0]?.index) await knex.raw(PENDING_SESSIONS_INDEX_SQL).catch(() => undefined)
  }
  const { rows } = await knex.raw(pendingSessionsQuery(), [providerIds, since, new Date().toISOString(), limit])
  return rows
}

/** Next wait after `failures` failed reads in a row: 1, 2, 4 … 60 minutes. */
export function backoffMs(failures: number): number {
  return Math.min(MAX_BACKOFF_MS, 60_000 * 2 ** Math.max(0, failures - 1))
}

/** Records a failed read on the session: its next try waits (backoffMs). */
export async function recordFailedRead(container: MedusaContainer, sessionId: string, error: unknown) {
  await updateBackoff(container, sessionId, (data) => {
    const failures = Number(data.reconcile_failures ?? 0) + 1
    return {
      ...data,
      reconcile_failures: failures,
      reconcile_retry_at: new Date(Date.now() + backoffMs(failures)).toISOString(),
      reconcile_error: ((error as Error)?.message ?? String(error)).slice(0, 500),
    }
  })
}

/** A read worked again: forget the back-off. */
export async function clearFailedReads(container: MedusaContainer, sessionId: string) {
  // Set to null, not left out: Medusa merges a session's JSON data on update.
  await updateBackoff(container, sessionId, (data) => ({ ...data, reconcile_failures: null, reconcile_retry_at: null, reconcile_error: null }))
}

async function updateBackoff(container: MedusaContainer, sessionId: string, change: (data: Record<string, any>) => Record<string, any>) {
  const paymentModule = container.resolve(Modules.PAYMENT)
  const session = await paymentModule.retrievePaymentSession(sessionId).catch(() => undefined)
  // Only a session still pending: anything else was settled meanwhile and keeps its data.
  if (!session || session.status !== "pending") return
  await paymentModule.updatePaymentSession({
    id: session.id,
    amount: session.amount as any,
    currency_code: session.currency_code,
    data: change({ ...((session.data ?? {}) as Record<string, any>) }),
  })
}
