import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { fromMinorUnits } from "../vipps"
import { listVippsProviders } from "../sales-units"

/**
 * Money still uncaptured close to the capture deadline (the earlier of the market's period and
 * Vipps's captureGuaranteedUntil, stored as the payment's `capture_deadline`): said once per
 * payment in the log, `captureDeadlineWarningDays` (default 3) before the deadline or as soon as
 * it is seen after it. The admin sees the same on the order's Vipps card (deadline_warning).
 * Run hourly by the `vipps-capture-deadlines` job: one query over the payments not yet captured
 * in full, not cancelled and not yet warned.
 */
export type DeadlineWarning = { payment_id: string; order_id: string | null; reference: string; deadline: string; uncaptured: number; currency: string; passed: boolean }

type Knex = { raw(sql: string, bindings?: unknown[]): Promise<{ rows: any[] }> }
type Row = { id: string; provider_id: string; order_id: string | null; data: Record<string, any> }

const BATCH = 200
const DAY_MS = 24 * 60 * 60 * 1000

export async function warnCaptureDeadlines(container: MedusaContainer, now = new Date()): Promise<DeadlineWarning[]> {
  const providers = await listVippsProviders(container)
  if (!providers.length) return []
  const daysOf = new Map(providers.map((p) => [p.id, p.provider.options.captureDeadlineWarningDays ?? 3]))
  const horizon = new Date(now.getTime() + Math.max(...daysOf.values()) * DAY_MS).toISOString()
  const knex = container.resolve<Knex>(ContainerRegistrationKeys.PG_CONNECTION)
  const logger = container.resolve(ContainerRegistrationKeys.LOGGER)

  const { rows } = await knex.raw(
    `select p."id", p."provider_id", p."data", opc."order_id" from "payment" p
       left join "order_payment_collection" opc on opc."payment_collection_id" = p."payment_collection_id" and opc."deleted_at" is null
     where p."provider_id" = any(?) and p."deleted_at" is null and p."canceled_at" is null and p."captured_at" is null
       and p."data"->>'capture_deadline' <= ? and p."data"->>'capture_deadline_warned_at' is null
     order by p."data"->>'capture_deadline' asc limit ?`,
    [[...daysOf.keys()], horizon, BATCH]
  )

  const warned: DeadlineWarning[] = []
  for (const row of rows as Row[]) {
    const data = row.data ?? {}
    const deadline = String(data.capture_deadline)
    const a = data.aggregate ?? {}
    const uncaptured = (a.authorized ?? data.amount ?? 0) - (a.captured ?? 0) - (a.cancelled ?? 0)
    if (uncaptured <= 0) continue
    if (Date.parse(deadline) - now.getTime() > (daysOf.get(row.provider_id) ?? 3) * DAY_MS) continue
    // Set the mark first, and say it only when this run set it: once per payment, whatever runs at the same time.
    const { rows: marked } = await knex.raw(
      `update "payment" set "data" = jsonb_set("data", '{capture_deadline_warned_at}', to_jsonb(?::text))
       where "id" = ? and "data"->>'capture_deadline_warned_at' is null returning "id"`,
      [now.toISOString(), row.id]
    )
    if (!marked.length) continue
    const passed = Date.parse(deadline) <= now.getTime()
    const currency = String(data.currency)
    const source = data.capture_guaranteed_until === deadline ? "Vipps's capture guarantee (captureGuaranteedUntil)" : "the market's capture period"
    const what = `${currency} ${fromMinorUnits(uncaptured, currency)} of payment ${row.id} (${row.order_id ? `order ${row.order_id}, ` : ""}reference ${data.reference})`
    logger.warn(
      passed
        ? `Vipps MobilePay: ${what} is still not captured and its capture deadline passed at ${deadline} (${source}). A capture may now be refused (6260 or 6100): check the payment before you ship.`
        : `Vipps MobilePay: ${what} is still not captured; the capture deadline is ${deadline} (${source}). Capture before it, or release the reservation.`
    )
    warned.push({ payment_id: row.id, order_id: row.order_id, reference: String(data.reference), deadline, uncaptured, currency, passed })
  }
  return warned
}
