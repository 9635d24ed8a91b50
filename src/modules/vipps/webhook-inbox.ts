import { generateEntityId } from "@medusajs/framework/utils"
import { type Knex, pgConnectionOf } from "./pg-connection"

/**
 * The intake's write of a verified webhook delivery (table `vipps_webhook_event`, model
 * models/webhook-event.ts): stored and deduplicated in one statement, so the route can answer
 * Vipps after a single round trip; and the processing's read and outcome of one row. The stored row is the durable record: a process that dies
 * after the 200 leaves it `received`, and the reconciliation job processes it.
 * Dedupe: the same reference + event name + pspReference is the same event (Vipps delivers at
 * least once, and overlapping registrations deliver twice).
 */
export type RecordWebhookEventInput = {
  provider_id: string
  reference: string
  name: string
  psp_reference: string
  msn: string
  amount: number
  currency: string
  success: boolean
  idempotency_key?: string | null
  occurred_at: Date
  payload: Record<string, unknown>
  /**
   * Store it as processed (attempt 1) at once: for a delivery whose processing is known to
   * change nothing (CREATED, see webhooks/confirmation.ts), so no event and no second statement.
   */
  processed?: boolean
}

const TABLE = "vipps_webhook_event"

export function webhookDedupeKey(input: Pick<RecordWebhookEventInput, "reference" | "name" | "psp_reference">): string {
  return `${input.reference}:${input.name}:${input.psp_reference}`
}

export class WebhookInbox {
  constructor(private readonly knex: Knex) {}

  static fromContainer(container: object): WebhookInbox {
    const knex = pgConnectionOf(container)
    if (!knex || typeof knex.raw !== "function") throw new Error("Vipps MobilePay webhook intake needs Medusa's PostgreSQL connection (__pg_connection__).")
    return new WebhookInbox(knex)
  }

  /** Stores the delivery unless the same event is stored already: its new id, or duplicate. */
  async record(input: RecordWebhookEventInput): Promise<{ id?: string; duplicate: boolean }> {
    const processed = input.processed === true
    const { rows } = await this.knex.raw(
      `insert into "${TABLE}" ("id", "provider_id", "dedupe_key", "reference", "name", "psp_reference", "msn", "amount", "currency", "success", "idempotency_key", "occurred_at", "payload", "status", "attempts", "processed_at")
       values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?)
       on conflict ("dedupe_key") where "deleted_at" is null do nothing
       returning "id"`,
      [
        generateEntityId(undefined, "vwhev"),
        input.provider_id,
        webhookDedupeKey(input),
        input.reference,
        input.name,
        input.psp_reference,
        input.msn,
        input.amount,
        input.currency,
        input.success,
        input.idempotency_key ?? null,
        input.occurred_at,
        JSON.stringify(input.payload),
        processed ? "processed" : "received",
        processed ? 1 : 0,
        processed ? new Date() : null,
      ]
    )
    return rows[0] ? { id: rows[0].id as string, duplicate: false } : { duplicate: true }
  }

  /** One stored delivery, for its processing. */
  async get(id: string): Promise<StoredWebhookEvent | undefined> {
    const { rows } = await this.knex.raw(
      `select "id", "reference", "name", "amount", "success", "idempotency_key", "status", "attempts" from "${TABLE}" where "id" = ? and "deleted_at" is null`,
      [id]
    )
    return rows[0]
  }

  /** The outcome of one processing attempt. */
  async settle(id: string, outcome: { status: "processed" | "failed"; attempts: number; error?: string | null }): Promise<void> {
    await this.knex.raw(
      `update "${TABLE}" set "status" = ?, "attempts" = ?, "error" = ?, "processed_at" = ?, "updated_at" = now() where "id" = ?`,
      [outcome.status, outcome.attempts, outcome.error ?? null, outcome.status === "processed" ? new Date() : null, id]
    )
  }
}

export type StoredWebhookEvent = {
  id: string
  reference: string
  name: string
  amount: number
  success: boolean
  idempotency_key: string | null
  status: "received" | "processed" | "failed"
  attempts: number
}
