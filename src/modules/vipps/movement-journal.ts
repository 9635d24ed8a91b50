import { generateEntityId } from "@medusajs/framework/utils"
import { Knex, pgConnectionOf } from "./pg-connection"

/**
 * The durable record of intent for money movements at Vipps (table `vipps_movement`, model
 * models/movement.ts). Written through the shared PostgreSQL connection, because its writers
 * live in different containers: the payment provider (inside Medusa's payment module, which
 * cannot resolve this module) and the plugin's workflows and reconciliation (app container).
 * Every writer commits the row before it calls Vipps, so a process that dies mid-movement
 * always leaves a `pending` row behind for the reconciliation job.
 */
export type MovementKind = "capture" | "refund" | "cancel"
export type MovementStatus = "pending" | "done" | "failed" | "rolled_back"

export type MovementIntent = {
  payment_id?: string | null
  msn: string
  reference: string
  kind: MovementKind
  /** Minor units; 0 for a cancel. */
  amount: number
  currency: string
  idempotency_key: string
  source: string
  medusa_record_id?: string | null
}

export type MovementRow = Required<MovementIntent> & {
  id: string
  status: MovementStatus
  attempts: number
  last_error: string | null
  completed_at: Date | null
  created_at: Date
  updated_at: Date
}

const TABLE = "vipps_movement"

export class MovementJournal {
  constructor(private readonly knex: Knex) {}

  /**
   * The journal on the container's PostgreSQL connection (`__pg_connection__`), or undefined
   * when the container has none (unit tests of the provider): movements then go unrecorded.
   */
  static fromContainer(container: object): MovementJournal | undefined {
    const knex = pgConnectionOf(container)
    return knex && typeof knex.raw === "function" ? new MovementJournal(knex) : undefined
  }

  /**
   * Records the intent (status pending) before Vipps is called. The same idempotency key is
   * the same movement: a retry makes it pending again and counts the attempt.
   */
  async begin(intent: MovementIntent): Promise<void> {
    await this.knex.raw(
      `insert into "${TABLE}" ("id", "payment_id", "msn", "reference", "kind", "amount", "currency", "idempotency_key", "source", "medusa_record_id", "status", "attempts")
       values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'pending', 1)
       on conflict ("idempotency_key") where "deleted_at" is null do update set
         "status" = 'pending', "attempts" = "${TABLE}"."attempts" + 1, "last_error" = null, "updated_at" = now(), "completed_at" = null,
         "amount" = excluded."amount",
         "payment_id" = coalesce(excluded."payment_id", "${TABLE}"."payment_id"),
         "medusa_record_id" = coalesce(excluded."medusa_record_id", "${TABLE}"."medusa_record_id")`,
      [
        generateEntityId(undefined, "vmov"),
        intent.payment_id ?? null,
        intent.msn,
        intent.reference,
        intent.kind,
        intent.amount,
        intent.currency,
        intent.idempotency_key,
        intent.source,
        intent.medusa_record_id ?? null,
      ]
    )
  }

  /** Links Medusa's record (Capture/Refund row) once it exists. */
  async attach(key: string, medusaRecordId: string, paymentId?: string): Promise<void> {
    await this.knex.raw(
      `update "${TABLE}" set "medusa_record_id" = ?, "payment_id" = coalesce(?, "payment_id"), "updated_at" = now() where "idempotency_key" = ? and "deleted_at" is null`,
      [medusaRecordId, paymentId ?? null, key]
    )
  }

  /** Final state of a movement: done (Vipps confirmed), failed (Vipps refused; Medusa's record removed) or rolled back. */
  async finish(key: string, status: Exclude<MovementStatus, "pending">, error?: string): Promise<void> {
    await this.knex.raw(
      `update "${TABLE}" set "status" = ?, "last_error" = ?, "completed_at" = now(), "updated_at" = now() where "idempotency_key" = ? and "deleted_at" is null`,
      [status, error ?? null, key]
    )
  }

  /** Still pending after an attempt that did not settle it: keep the error, push the next look back. */
  async touch(key: string, error: string): Promise<void> {
    await this.knex.raw(
      `update "${TABLE}" set "attempts" = "attempts" + 1, "last_error" = ?, "updated_at" = now() where "idempotency_key" = ? and "deleted_at" is null`,
      [error.slice(0, 1000), key]
    )
  }

  /** Pending movements nobody touched since `before` (their process died or gave up), oldest first. Index: (status, updated_at). */
  async stale(before: Date, limit: number): Promise<MovementRow[]> {
    const { rows } = await this.knex.raw(
      `select * from "${TABLE}" where "status" = 'pending' and "updated_at" < ? and "deleted_at" is null order by "updated_at" asc limit ?`,
      [before, limit]
    )
    return rows
  }

  /** The movement sent to Vipps with this Idempotency-Key, if the plugin made it. Index: idempotency_key (unique). */
  async byKey(key: string): Promise<MovementRow | undefined> {
    const { rows } = await this.knex.raw(`select * from "${TABLE}" where "idempotency_key" = ? and "deleted_at" is null limit 1`, [key])
    return rows[0]
  }

  /** Every movement of one payment (by Vipps reference), oldest first. Index: reference. */
  async forReference(reference: string): Promise<MovementRow[]> {
    const { rows } = await this.knex.raw(
      `select * from "${TABLE}" where "reference" = ? and "deleted_at" is null order by "created_at" asc`,
      [reference]
    )
    return rows
  }
}
