import { fromMinorUnits } from "../vipps"
import type { PaymentEvent } from "../vipps"

/**
 * The admin's event log of one Vipps payment: what the ePayment events endpoint says merged
 * with the webhook deliveries this store received. Support staff see in one list whether
 * Vipps reported something the store never heard about (source "vipps"), a delivery the
 * events endpoint does not show (yet) ("webhook"), or both, and how each delivery was processed.
 * Pure functions, so the merge and the deadline rule are unit-tested without Medusa.
 */
export type StoredWebhookEvent = {
  name: string
  psp_reference: string
  amount: number
  currency: string
  success: boolean
  idempotency_key?: string | null
  occurred_at: Date | string
  created_at?: Date | string
  status?: string
  error?: string | null
}

export type EventLogRow = {
  time: string
  event: string
  /** Major units as a decimal string, e.g. "40.00". */
  amount: string
  currency: string
  success: boolean
  idempotency_key: string | null
  psp_reference: string
  source: "vipps" | "webhook" | "both"
  /** When the store received the webhook (absent if it never did). */
  received_at: string | null
  /** received | processed | failed: how the store processed the delivery. */
  webhook_status: string | null
  webhook_error: string | null
}

const iso = (value: Date | string) => new Date(value).toISOString()
// One event = one pspReference + name (the same key the webhook store dedupes on).
const keyOf = (pspReference: string, name: string) => `${pspReference}:${name}`

export function mergeEventLog(vippsEvents: PaymentEvent[], webhooks: StoredWebhookEvent[], currency: string): EventLogRow[] {
  const rows = new Map<string, EventLogRow>()
  for (const event of vippsEvents) {
    rows.set(keyOf(event.pspReference, event.name), {
      time: iso(event.timestamp),
      event: event.name,
      amount: fromMinorUnits(event.amount.value, event.amount.currency || currency),
      currency: (event.amount.currency || currency).toUpperCase(),
      success: event.success,
      idempotency_key: event.idempotencyKey ?? null,
      psp_reference: event.pspReference,
      source: "vipps",
      received_at: null,
      webhook_status: null,
      webhook_error: null,
    })
  }
  for (const hook of webhooks) {
    const key = keyOf(hook.psp_reference, hook.name)
    const delivery = {
      received_at: hook.created_at ? iso(hook.created_at) : null,
      webhook_status: hook.status ?? null,
      webhook_error: hook.error ?? null,
    }
    const known = rows.get(key)
    if (known) {
      rows.set(key, { ...known, ...delivery, source: "both" })
      continue
    }
    rows.set(key, {
      time: iso(hook.occurred_at),
      event: hook.name,
      amount: fromMinorUnits(hook.amount, hook.currency || currency),
      currency: (hook.currency || currency).toUpperCase(),
      success: hook.success,
      idempotency_key: hook.idempotency_key ?? null,
      psp_reference: hook.psp_reference,
      source: "webhook",
      ...delivery,
    })
  }
  // Newest first; the sort is stable, so events with the same timestamp keep Vipps's order reversed.
  return [...rows.values()].reverse().sort((a, b) => Date.parse(b.time) - Date.parse(a.time))
}

/** A capture deadline this close (or passed) gets a warning on the card (option captureDeadlineWarningDays). */
export const DEADLINE_WARNING_DAYS = 3

/**
 * "passed" / "soon" while something is still capturable, else null: a fully captured or
 * released payment has no deadline to worry about.
 */
export function deadlineWarning(
  deadline: string | undefined | null,
  capturableMinor: number,
  now = new Date(),
  warningDays = DEADLINE_WARNING_DAYS
): "passed" | "soon" | null {
  if (!deadline || capturableMinor <= 0) return null
  const left = Date.parse(deadline) - now.getTime()
  if (Number.isNaN(left)) return null
  if (left <= 0) return "passed"
  return left <= warningDays * 24 * 60 * 60 * 1000 ? "soon" : null
}
