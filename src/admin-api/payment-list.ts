import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, MedusaError, Modules } from "@medusajs/framework/utils"
import { fromMinorUnits } from "../vipps"
import type { PaymentEvent } from "../vipps"
import { VIPPS_MODULE, VippsModuleService } from "../modules/vipps"
import { PaymentAttemptStore, recordPaymentAttempt } from "../modules/vipps/payment-attempts"
import type { PaymentAttemptRow } from "../modules/vipps/payment-attempts"
import { listVippsProviders, providerCurrencies, resolveVippsProvider } from "../sales-units"
import { findSessionByReference, syncVippsPayment } from "../payment-sync"
import { ENDED_WITHOUT_PAYMENT } from "../providers/vipps/status"
import { maskEmail, maskPhone } from "../express"
import { providerName } from "./provider-name"
import { EventLogRow, StoredWebhookEvent, mergeEventLog } from "./event-log"
import { AdminError, adminErrorOf } from "./payment-view"
import { releaseRemainder } from "./payment-actions"
import {
  AttentionContext,
  AttentionReason,
  ListedAttempt,
  PaymentListQuery,
  allPaymentAttempts,
  countAttention,
  listPaymentAttempts,
} from "./payment-list-query"

/**
 * The payments page (issue 23): every Vipps payment attempt of the store from the plugin's
 * projection (stored data only: drawing the list never calls Vipps), one attempt with its cart
 * and event log, and the refresh and release of an attempt that has no order. Attempts with a
 * Medusa payment use the order card's routes (`/admin/vipps/payments/:payment_id`).
 */
export type VippsPaymentListRow = {
  reference: string
  psp_reference: string | null
  session_id: string
  payment_id: string | null
  provider_id: string
  provider_name: string
  msn: string | null
  cart_id: string | null
  order: { id: string; display_id: number } | null
  email: string | null
  phone: string | null
  currency: string
  amount: string
  captured: string
  refunded: string
  state: string
  capture_deadline: string | null
  last_event_at: string | null
  created_at: string
  attention: AttentionReason[]
}

export type SalesUnitHealth = { msn: string; name: string; webhook_registration_missing: boolean }

type Knex = { raw(sql: string, bindings?: unknown[]): Promise<{ rows: any[] }> }

const iso = (value: Date | string | null | undefined) => (value ? new Date(value).toISOString() : null)

/** One stored attempt as the page shows it: amounts in major units, email and phone masked as on the order card. */
export function toListRow(row: ListedAttempt): VippsPaymentListRow {
  const major = (minor: number | string) => fromMinorUnits(Number(minor), row.currency)
  return {
    reference: row.reference,
    psp_reference: row.psp_reference,
    session_id: row.session_id,
    payment_id: row.payment_id,
    provider_id: row.provider_id,
    provider_name: providerName(row.provider_id, [row.currency]),
    msn: row.msn,
    cart_id: row.cart_id,
    order: row.order_id && row.order_display_id !== null ? { id: row.order_id, display_id: Number(row.order_display_id) } : null,
    email: maskEmail(row.email) ?? null,
    phone: maskPhone(row.phone) ?? null,
    currency: row.currency,
    amount: major(row.amount),
    captured: major(row.captured),
    refunded: major(row.refunded),
    state: row.state,
    capture_deadline: iso(row.capture_deadline),
    last_event_at: iso(row.last_event_at),
    created_at: iso(row.created_at)!,
    attention: row.attention,
  }
}

/** The sales units (one per MSN) and whether their webhook registration is missing or failed its health check. */
export async function salesUnitHealth(container: MedusaContainer): Promise<{ units: SalesUnitHealth[]; warningDays: Record<string, number> }> {
  const providers = await listVippsProviders(container)
  const vipps = container.resolve<VippsModuleService>(VIPPS_MODULE)
  const registrations = (await vipps.listVippsWebhookRegistrations({}, { select: ["provider_id", "health"] })) as unknown as {
    provider_id: string
    health?: { status?: string } | null
  }[]
  const currencies = await providerCurrencies(container)
  const units = new Map<string, SalesUnitHealth>()
  const warningDays: Record<string, number> = {}
  for (const { id, provider } of providers) {
    const msn = provider.options.merchantSerialNumber
    warningDays[id] = provider.options.captureDeadlineWarningDays ?? 3
    const registration = registrations.find((r) => r.provider_id === id)
    const missing = !registration || registration.health?.status === "failed"
    const unit = units.get(msn)
    if (unit) unit.webhook_registration_missing ||= missing
    else units.set(msn, { msn, name: providerName(id, currencies[id] ?? []), webhook_registration_missing: missing })
  }
  return { units: [...units.values()], warningDays }
}

export async function attentionContextOf(container: MedusaContainer, now = new Date()) {
  const { units, warningDays } = await salesUnitHealth(container)
  const ctx: AttentionContext = { now, warningDays, missingWebhookMsns: units.filter((u) => u.webhook_registration_missing).map((u) => u.msn) }
  return { ctx, units }
}

const knexOf = (container: MedusaContainer) => container.resolve<Knex>(ContainerRegistrationKeys.PG_CONNECTION)

/** `GET /admin/vipps/payment-attempts`. */
export async function buildPaymentList(container: MedusaContainer, query: PaymentListQuery) {
  const { ctx, units } = await attentionContextOf(container)
  const knex = knexOf(container)
  const [{ rows, count, count_estimated }, attention] = await Promise.all([listPaymentAttempts(knex, query, ctx), countAttention(knex, ctx)])
  return { payments: rows.map(toListRow), count, count_estimated, limit: query.limit, offset: query.offset, attention, sales_units: units }
}

const CSV_COLUMNS: (keyof VippsPaymentListRow | "order_id" | "order_display_id")[] = [
  "reference", "psp_reference", "session_id", "payment_id", "provider_id", "provider_name", "msn", "cart_id", "order_id", "order_display_id",
  "email", "phone", "currency", "amount", "captured", "refunded", "state", "capture_deadline", "last_event_at", "created_at", "attention",
]

function csvCell(value: unknown): string {
  const text = value === null || value === undefined ? "" : Array.isArray(value) ? value.join(";") : String(value)
  // Quoted when needed; a leading = + - @ is defused so a spreadsheet never runs it as a formula.
  const safe = /^[=+\-@]/.test(text) ? `'${text}` : text
  return /[",\n\r;]/.test(safe) || safe !== text ? `"${safe.replace(/"/g, '""')}"` : safe
}

export function csvLine(row: VippsPaymentListRow): string {
  const flat: Record<string, unknown> = { ...row, order_id: row.order?.id ?? null, order_display_id: row.order?.display_id ?? null }
  return CSV_COLUMNS.map((c) => csvCell(flat[c])).join(",") + "\r\n"
}

export const csvHeader = () => CSV_COLUMNS.join(",") + "\r\n"

/** The whole filtered list as CSV lines, a page at a time (keyset), for streaming. */
export async function* paymentListCsv(container: MedusaContainer, query: PaymentListQuery): AsyncGenerator<string> {
  const { ctx } = await attentionContextOf(container)
  yield csvHeader()
  for await (const page of allPaymentAttempts(knexOf(container), query, ctx)) {
    yield page.map((row) => csvLine(toListRow(row))).join("")
  }
}

/** The attempt's row with its reasons, or 404. */
async function listedAttempt(container: MedusaContainer, reference: string): Promise<VippsPaymentListRow> {
  const { ctx } = await attentionContextOf(container)
  const { rows } = await listPaymentAttempts(knexOf(container), { q: reference, limit: 5, offset: 0, format: "json" }, ctx)
  const row = rows.find((r) => r.reference === reference)
  if (!row) throw new MedusaError(MedusaError.Types.NOT_FOUND, `No Vipps MobilePay payment with reference ${reference}.`)
  return toListRow(row)
}

export type PaymentAttemptDetail = {
  attempt: VippsPaymentListRow
  cart: { id: string; email: string | null; total: string; currency: string; completed_at: string | null } | null
  events: EventLogRow[]
  available: { release: string }
  error?: AdminError
}

/** `GET /admin/vipps/payment-attempts/:reference`: the row, its cart, the event log (stored webhooks, plus Vipps's log when reachable). */
export async function buildAttemptDetail(container: MedusaContainer, reference: string): Promise<PaymentAttemptDetail> {
  const attempt = await listedAttempt(container, reference)
  const stored = (await PaymentAttemptStore.fromContainer(container)?.byReference(reference)) as PaymentAttemptRow
  const vipps = container.resolve<VippsModuleService>(VIPPS_MODULE)
  const webhooks = (await vipps.listVippsWebhookEvents({ reference }, { order: { occurred_at: "ASC" } })) as unknown as StoredWebhookEvent[]
  let vippsEvents: PaymentEvent[] = []
  let error: AdminError | undefined
  const provider = resolveVippsProvider(container, attempt.provider_id)
  try {
    if (provider) vippsEvents = await provider.client.epayment.getPaymentEvents(reference)
  } catch (cause) {
    error = adminErrorOf(cause)
  }
  let cart: PaymentAttemptDetail["cart"] = null
  if (attempt.cart_id) {
    const query = container.resolve(ContainerRegistrationKeys.QUERY)
    const { data } = await query.graph({ entity: "cart", fields: ["id", "email", "total", "currency_code", "completed_at"], filters: { id: attempt.cart_id } })
    const c = data[0] as { id: string; email?: string | null; total?: unknown; currency_code: string; completed_at?: Date | string | null } | undefined
    if (c) {
      const total = (c.total as { numeric?: number } | number | undefined) ?? 0
      const value = typeof total === "object" && total !== null ? String((total as any).numeric ?? total) : String(total)
      cart = { id: c.id, email: maskEmail(c.email) ?? null, total: Number(value).toFixed(2), currency: c.currency_code.toUpperCase(), completed_at: iso(c.completed_at) }
    }
  }
  const releasable = !attempt.order && stored?.state === "AUTHORIZED" ? Math.max(0, Number(stored.authorized) - Number(stored.captured) - Number(stored.cancelled)) : 0
  return {
    attempt,
    cart,
    events: mergeEventLog(vippsEvents, webhooks, attempt.currency),
    available: { release: fromMinorUnits(releasable, attempt.currency) },
    ...(error ? { error } : {}),
  }
}

/** `POST …/:reference/refresh`: the payment sync reads Vipps and updates Medusa and the row. */
export async function refreshAttempt(container: MedusaContainer, reference: string) {
  await listedAttempt(container, reference) // 404 for a reference the store never had
  const sync = await syncVippsPayment(container, reference, "admin")
  return { sync: { outcome: sync.outcome, state: sync.state ?? null, message: sync.message ?? null }, ...(await buildAttemptDetail(container, reference)) }
}

/**
 * `POST …/:reference/release`: releases what an authorized attempt without an order still
 * reserves. With a Medusa payment: the order card's release (workflow, journal, same key).
 * With a session only (the cart never became an order): the provider's cancel under the
 * payment's sync lock (stable idempotency key `cancel:<reference>:AUTHORIZED`, recorded in the
 * movement journal), and the session is closed like the sync closes a cart it could not complete.
 */
export async function releaseAttempt(container: MedusaContainer, reference: string): Promise<string> {
  const attempt = await listedAttempt(container, reference)
  if (attempt.order) {
    throw new MedusaError(MedusaError.Types.NOT_ALLOWED, `Payment ${reference} belongs to order #${attempt.order.display_id}: release it on the order's Vipps MobilePay card.`)
  }
  if (attempt.payment_id) {
    const released = await releaseRemainder(container, attempt.payment_id)
    return fromMinorUnits(released, attempt.currency)
  }
  const logger = container.resolve(ContainerRegistrationKeys.LOGGER)
  const locking = container.resolve(Modules.LOCKING)
  const released = await locking.execute(`vipps:${reference}`, async () => {
    const session = await findSessionByReference(container, reference)
    const provider = session && resolveVippsProvider(container, session.provider_id)
    if (!session || !provider) throw new MedusaError(MedusaError.Types.NOT_FOUND, `No Vipps MobilePay payment session for ${reference}.`)
    const live = await provider.client.epayment.getPayment(reference)
    const a = live.aggregate
    const rest = live.state === "AUTHORIZED" ? (a?.authorizedAmount?.value ?? 0) - (a?.capturedAmount?.value ?? 0) - (a?.cancelledAmount?.value ?? 0) : 0
    if (rest <= 0) {
      await recordPaymentAttempt(container, { session_id: session.id, reference }, live, logger)
      throw new MedusaError(MedusaError.Types.NOT_ALLOWED, `Nothing is reserved on payment ${reference} any more: there is nothing to release.`)
    }
    const { data } = await provider.cancelPayment({ data: session.data })
    await container.resolve(Modules.PAYMENT).updatePaymentSession({
      id: session.id,
      amount: session.amount as any,
      currency_code: session.currency_code,
      data: { ...data, released_by_admin_at: new Date().toISOString() },
      status: ENDED_WITHOUT_PAYMENT,
    })
    logger.info(`Vipps MobilePay ${reference}: ${fromMinorUnits(rest, attempt.currency)} ${attempt.currency} released by an admin (authorized, no order).`)
    await recordPaymentAttempt(container, { session_id: session.id, reference }, undefined, logger)
    return rest
  }, { timeout: 30 })
  return fromMinorUnits(released, attempt.currency)
}
