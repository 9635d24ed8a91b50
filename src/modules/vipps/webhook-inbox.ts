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
const inboxes = new WeakMap<Knex, WebhookInbox>()

export function webhookDedupeKey(input: Pick<RecordWebhookEventInput, "reference" | "name" | "psp_reference">): string {
  return `${input.reference}:${input.name}:${input.psp_reference}`
}

export class WebhookInbox {
  constructor(private readonly knex: Knex) {}

  /** The inbox on the container's connection: one per connection (the intake batches per inbox). */
  static fromContainer(container: object): WebhookInbox {
    const knex = pgConnectionOf(container)
    if (!knex || typeof knex.raw !== "function") throw new Error("Vipps MobilePay webhook intake needs Medusa's PostgreSQL connection (__pg_connection__).")
    let inbox = inboxes.get(knex)
    if (!inbox) inboxes.set(knex, (inbox = new WebhookInbox(knex)))
    return inbox
  }

  /** Stores the delivery unless the same event is stored already: its new id, or duplicate. */
  async record(input: RecordWebhookEventInput): Promise<RecordedWebhookEvent> {
    return (await this.recordMany([input]))[0]
  }

  /**
   * Stores several deliveries in one statement (the intake's group commit, webhooks/intake-batch.ts),
   * each unless the same event is stored already, or appears earlier in `inputs`: the result at
   * each input's position. One statement: all stored, or none (the statement failed).
   */
  async recordMany(inputs: RecordWebhookEventInput[]): Promise<RecordedWebhookEvent[]> {
    const keys = inputs.map(webhookDedupeKey)
    const isFirst = keys.map((key, i) => keys.indexOf(key) === i)
    const firsts = inputs.filter((_input, i) => isFirst[i])
    if (!firsts.length) return []
    const now = new Date()
    const row = (input: RecordWebhookEventInput) => {
      const processed = input.processed === true
      return [
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
        processed ? now : null,
      ]
    }
    const values = firsts.map(() => "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?)").join(", ")
    const { rows } = await this.knex.raw(
      `insert into "${TABLE}" ("id", "provider_id", "dedupe_key", "reference", "name", "psp_reference", "msn", "amount", "currency", "success", "idempotency_key", "occurred_at", "payload", "status", "attempts", "processed_at")
       values ${values}
       on conflict ("dedupe_key") where "deleted_at" is null do nothing
       returning "id", "dedupe_key"`,
      firsts.flatMap(row)
    )
    const stored = new Map<string, string>(rows.map((r: { id: string; dedupe_key: string }) => [r.dedupe_key, r.id]))
    return keys.map((key, i) => {
      const id = isFirst[i] ? stored.get(key) : undefined
      return id ? { id, duplicate: false } : { duplicate: true }
    })
  }

  /** One stored delivery, for its processing. */
  async get(id: string): Promise<StoredWebhookEvent | undefined> {
    const { rows } = await this.knex.raw(
      `select "id", "reference", "name", "amount", "success", "idempotency_key", "status", "attempts",
              "payload"->>'captureGuaranteedUntil' as "capture_guaranteed_until" from "${TABLE}" where "id" = ? and "deleted_at" is null`,
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

export type RecordedWebhookEvent = { id?: string; duplicate: boolean }

export type StoredWebhookEvent = {
  id: string
  reference: string
  name: string
  amount: number
  success: boolean
  idempotency_key: string | null
  status: "received" | "processed" | "failed"
  attempts: number
  /** The authorized webhook's captureGuaranteedUntil (Vipps, August 2026), when it carried one. */
  capture_guaranteed_until?: string | null
}
