import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { aggregateInMinorUnits, captureDeadlineOfPayment } from "../providers/vipps/session-data"
import { GoLiveItem, GoLiveProvider, GoLiveReference, fail, pass } from "./types"

/**
 * The production part of the checklist, which moves no money: among the store's real orders,
 * Vipps references that show AUTHORIZED, CAPTURED, REFUNDED and CANCELLED (Medusa's record of
 * each payment, then confirmed by reading the payment at Vipps), and which are still missing.
 */
export const PRODUCTION_ENDINGS = ["AUTHORIZED", "CAPTURED", "REFUNDED", "CANCELLED"] as const
type Ending = (typeof PRODUCTION_ENDINGS)[number]

type Amounts = { authorized: number; captured: number; refunded: number; cancelled: number }
export type PaymentRow = { reference: string; state?: string; amounts: Amounts; currency?: string; created_at: string; order_id?: string; order_display_id?: number }

/** Does a payment with this state and aggregate show `ending`? */
export function shows(ending: Ending, row: Pick<PaymentRow, "state" | "amounts">): boolean {
  const a = row.amounts
  if (ending === "AUTHORIZED") return row.state === "AUTHORIZED" && a.authorized > 0
  if (ending === "CAPTURED") return a.captured > 0
  if (ending === "REFUNDED") return a.refunded > 0
  return a.cancelled > 0
}

/**
 * One reference per ending, newest first, preferring a payment not already picked for another
 * ending (and, for CAPTURED, one nothing was refunded from), so Vipps sees distinct examples.
 */
export function pickReferences(rows: PaymentRow[]): Partial<Record<Ending, PaymentRow>> {
  const picked: Partial<Record<Ending, PaymentRow>> = {}
  const used = new Set<string>()
  const newest = [...rows].sort((x, y) => y.created_at.localeCompare(x.created_at))
  for (const ending of ["REFUNDED", "CANCELLED", "CAPTURED", "AUTHORIZED"] as Ending[]) {
    const candidates = newest.filter((r) => shows(ending, r))
    const preferred =
      candidates.find((r) => !used.has(r.reference) && (ending !== "CAPTURED" || r.amounts.refunded === 0)) ??
      candidates.find((r) => !used.has(r.reference)) ??
      candidates[0]
    if (preferred) {
      picked[ending] = preferred
      used.add(preferred.reference)
    }
  }
  return picked
}

/** The provider's payments as Medusa recorded them (data kept by the provider and the payment sync). */
export async function vippsPaymentsOfOrders(container: MedusaContainer, providerId: string, take = 1000): Promise<PaymentRow[]> {
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const { data } = await query.graph({
    entity: "payment",
    fields: ["id", "data", "currency_code", "created_at", "payment_collection.order.id", "payment_collection.order.display_id"],
    filters: { provider_id: providerId },
    pagination: { take, order: { created_at: "DESC" } },
  })
  type Row = { data?: Record<string, unknown> | null; currency_code?: string; created_at: Date | string; payment_collection?: { order?: { id: string; display_id?: number } | null } | null }
  return (data as Row[])
    .filter((p) => typeof p.data?.reference === "string")
    .map((p) => {
      const d = p.data as { reference: string; state?: string; aggregate?: Amounts }
      const order = p.payment_collection?.order ?? undefined
      return {
        reference: d.reference,
        state: d.state,
        amounts: d.aggregate ?? { authorized: 0, captured: 0, refunded: 0, cancelled: 0 },
        currency: p.currency_code?.toUpperCase(),
        created_at: new Date(p.created_at).toISOString(),
        ...(order ? { order_id: order.id, order_display_id: order.display_id } : {}),
      }
    })
}

/** Finds, confirms at Vipps (reads only) and reports the production references. */
export async function findProductionReferences(container: MedusaContainer, provider: GoLiveProvider, providerId: string) {
  const picked = pickReferences(await vippsPaymentsOfOrders(container, providerId))
  const items: GoLiveItem[] = []
  const references: GoLiveReference[] = []
  const missing: string[] = []
  for (const ending of PRODUCTION_ENDINGS) {
    const id = `order_${ending.toLowerCase()}`
    const title = `An order's payment showing ${ending}`
    const row = picked[ending]
    if (!row) {
      missing.push(ending)
      items.push(fail(id, title, `Still missing: no order paid with ${providerId} shows ${ending} yet. ${HOW_TO[ending]}`))
      continue
    }
    const order = row.order_display_id !== undefined ? ` (order #${row.order_display_id})` : ""
    try {
      const [payment, events] = await Promise.all([provider.client.epayment.getPayment(row.reference), provider.client.epayment.getPaymentEvents(row.reference)])
      const amounts = aggregateInMinorUnits(payment)
      const ref: GoLiveReference = { ends: ending, reference: row.reference, amounts, currency: row.currency, events: events.map((e) => (e.success ? e.name : `${e.name} (failed)`)), order_id: row.order_id, order_display_id: row.order_display_id }
      const deadline = captureDeadlineOfPayment(payment, events)
      if (deadline) ref.capture_deadline = deadline
      if (!shows(ending, { state: payment.state, amounts })) {
        missing.push(ending)
        items.push(fail(id, title, `Medusa's record of ${row.reference}${order} shows ${ending}, but Vipps MobilePay says state ${payment.state}, captured ${amounts.captured}, refunded ${amounts.refunded}, cancelled ${amounts.cancelled}. Refresh the payment on the order's card.`, undefined, [row.reference]))
        continue
      }
      references.push(ref)
      items.push(pass(id, title, `${row.reference}${order}: confirmed at Vipps MobilePay (state ${payment.state}, authorized ${amounts.authorized}, captured ${amounts.captured}, refunded ${amounts.refunded}, cancelled ${amounts.cancelled}).`, [row.reference]))
    } catch (error) {
      missing.push(ending)
      items.push(fail(id, title, `${row.reference}${order} could not be read at Vipps MobilePay.`, error, [row.reference]))
    }
  }
  return { items, references, missing }
}

const HOW_TO: Record<Ending, string> = {
  AUTHORIZED: "Place an order and pay with Vipps MobilePay.",
  CAPTURED: "Fulfil (or capture) a paid order.",
  REFUNDED: "Refund a captured order (fully or partly).",
  CANCELLED: "Cancel a paid order before it is captured (this releases the reservation).",
}
