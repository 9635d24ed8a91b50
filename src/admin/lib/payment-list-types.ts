// Shapes of the payments list routes (GET /admin/vipps/payment-attempts, …/:reference and its
// refresh/release actions), as agreed between the routes and the admin's "Vipps MobilePay" page,
// and the page's filters turned into the list's query. Amounts are major units as decimal
// strings ("498.00"), times ISO strings; email and phone come masked as on the order card.

// The server's own types (type-only imports are erased from the admin bundle), so the page and
// the routes cannot drift apart.
export type { AttentionReason } from "../../admin-api/payment-list-query"
export type { VippsPaymentListRow, SalesUnitHealth as VippsSalesUnitSummary } from "../../admin-api/payment-list"
import type { AttentionReason, VIPPS_STATES as SERVER_STATES } from "../../admin-api/payment-list-query"
import type { PaymentAttemptDetail, SalesUnitHealth, VippsPaymentListRow } from "../../admin-api/payment-list"

/** Why a payment needs a person (texts `paymentsPage.reason.<reason>` and `paymentsPage.reasonHelp.<reason>`), in the server's order. */
export const ATTENTION_REASONS = [
  "authorized_without_order",
  "capture_deadline_soon",
  "capture_refused",
  "amount_mismatch",
  "webhook_registration_missing",
] as const

/** Vipps's payment states, as Vipps writes them (the state filter and the badge). */
export const VIPPS_STATES = ["CREATED", "AUTHORIZED", "ABORTED", "EXPIRED", "TERMINATED"] as const

// The lists above are values the admin bundle needs (it may import only types from the server):
// the compiler checks they hold exactly the server's reasons and states.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false
const sameReasons: Same<(typeof ATTENTION_REASONS)[number], AttentionReason> = true
const sameStates: Same<(typeof VIPPS_STATES)[number], (typeof SERVER_STATES)[number]> = true
void sameReasons
void sameStates

/** `GET /admin/vipps/payment-attempts`. */
export type VippsPaymentListResponse = {
  payments: VippsPaymentListRow[]
  count: number
  /** True above 10 000 matches: `count` is then PostgreSQL's estimate. */
  count_estimated: boolean
  limit: number
  offset: number
  /** Over all payments, whatever the current filter. */
  attention: { total: number; reasons: Record<AttentionReason, number> }
  sales_units: SalesUnitHealth[]
}

/** One attempt, for the page a row opens (GET …/:reference; refresh and release answer the same, release with what it released). */
export type VippsPaymentAttemptResponse = PaymentAttemptDetail & { released?: string }

/** What the page's search box, filters, tab and pagination hold. */
export type PaymentListFilters = {
  q?: string
  states?: string[]
  msn?: string
  /** Inclusive day range, "YYYY-MM-DD". */
  created_from?: string
  created_to?: string
  /** "any" or one reason; absent for all payments. */
  attention?: "any" | AttentionReason
  limit?: number
  offset?: number
}

/**
 * The start of a day ("YYYY-MM-DD") in the browser's time zone, with its offset
 * ("2026-12-06T00:00:00+01:00"): the server then counts the whole day as the admin sees it,
 * not the UTC day. A value that is not a plain day is sent as it is.
 */
export function localMidnight(day: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day)
  if (!match) return day
  const offset = -new Date(Number(match[1]), Number(match[2]) - 1, Number(match[3])).getTimezoneOffset()
  const pad = (n: number) => String(Math.floor(Math.abs(n))).padStart(2, "0")
  return `${day}T00:00:00${offset < 0 ? "-" : "+"}${pad(offset / 60)}:${pad(offset % 60)}`
}

/**
 * The list route's query for the page's filters: only what is set, in the contract's names
 * (`state` a comma list). The CSV export sends the same query without the page (limit/offset)
 * and with `format=csv`.
 */
export function paymentListQuery(filters: PaymentListFilters, format?: "csv"): Record<string, string> {
  const query: Record<string, string> = {}
  const q = filters.q?.trim()
  if (q) query.q = q
  if (filters.states?.length) query.state = filters.states.join(",")
  if (filters.msn) query.msn = filters.msn
  if (filters.created_from) query.created_from = localMidnight(filters.created_from)
  if (filters.created_to) query.created_to = localMidnight(filters.created_to)
  if (filters.attention) query.attention = filters.attention
  if (format) {
    query.format = format
    return query
  }
  if (filters.limit !== undefined) query.limit = String(filters.limit)
  if (filters.offset !== undefined) query.offset = String(filters.offset)
  return query
}

/** A date filter's ISO bound → the day it falls on in the browser's time zone, "YYYY-MM-DD". */
export function localDay(iso: string | undefined): string | undefined {
  if (!iso) return undefined
  const date = new Date(iso)
  if (Number.isNaN(date.getTime())) return undefined
  const pad = (n: number) => String(n).padStart(2, "0")
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`
}
