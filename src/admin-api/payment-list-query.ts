import { MedusaError } from "@medusajs/framework/utils"
import { PAYMENT_ATTEMPT_TABLE, nationalPhoneDigits } from "../modules/vipps/payment-attempts"
import type { PaymentAttemptRow } from "../modules/vipps/payment-attempts"

/**
 * The payments page's query (issue 23): parsing of `GET /admin/vipps/payment-attempts`'s
 * parameters and the SQL on the plugin's projection (`vipps_payment_attempt`). Every search,
 * filter and needs-attention count is answered by an index (see the migration and
 * docs/payments-page.md); the benchmark (bench/p6-attempts.ts) runs these same functions on
 * 1 000 000 rows and checks the plans.
 */
export const ATTENTION_REASONS = [
  "authorized_without_order",
  "capture_deadline_soon",
  "capture_refused",
  "amount_mismatch",
  "webhook_registration_missing",
] as const
export type AttentionReason = (typeof ATTENTION_REASONS)[number]

export const VIPPS_STATES = ["CREATED", "AUTHORIZED", "ABORTED", "EXPIRED", "TERMINATED"] as const

export type PaymentListQuery = {
  q?: string
  states?: string[]
  msn?: string
  provider_id?: string
  created_from?: Date
  /** Exclusive: the day after created_to. */
  created_before?: Date
  attention?: "any" | AttentionReason
  limit: number
  offset: number
  format: "json" | "csv"
}

/** What the attention reasons depend on besides the row: the clock, each provider's warning days, unhealthy sales units. */
export type AttentionContext = {
  now: Date
  /** captureDeadlineWarningDays per provider id (others: 3). */
  warningDays: Record<string, number>
  /** MSNs whose webhook registration is missing or failed its health check. */
  missingWebhookMsns: string[]
  /** An authorized payment without an order is a problem once this old (minutes; default 5). */
  authorizedGraceMinutes?: number
}

const DAY_MS = 24 * 60 * 60 * 1000
const DEFAULT_WARNING_DAYS = 3
const DEFAULT_GRACE_MINUTES = 5
export const MAX_LIMIT = 100
export const DEFAULT_LIMIT = 20

const invalid = (message: string) => new MedusaError(MedusaError.Types.INVALID_DATA, `Invalid query: ${message}`)

function one(raw: Record<string, unknown>, name: string): string | undefined {
  const value = raw[name]
  if (value === undefined || value === null || value === "") return undefined
  if (Array.isArray(value)) {
    if (value.length === 1 && typeof value[0] === "string") return value[0].trim() || undefined
    throw invalid(`${name} may be given once`)
  }
  if (typeof value !== "string") throw invalid(`${name} must be text`)
  return value.trim() || undefined
}

function integer(raw: Record<string, unknown>, name: string, fallback: number, min: number, max: number): number {
  const text = one(raw, name)
  if (text === undefined) return fallback
  if (!/^\d+$/.test(text)) throw invalid(`${name} must be a whole number, got "${text}"`)
  const value = Number(text)
  if (value < min || value > max) throw invalid(`${name} must be between ${min} and ${max}, got ${value}`)
  return value
}

/**
 * The start of a day: "2026-12-06" is that day in UTC; a timestamp with its offset
 * ("2026-12-06T00:00:00+01:00", the admin's midnight) is taken as given, so a page can ask for
 * whole days in the admin's time zone.
 */
function day(raw: Record<string, unknown>, name: string): Date | undefined {
  const text = one(raw, name)
  if (text === undefined) return undefined
  const match = /^(\d{4}-\d{2}-\d{2})(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2}))?$/.exec(text)
  const parsed = match ? Date.parse(match[2] ? text : `${match[1]}T00:00:00Z`) : NaN
  if (!match || Number.isNaN(parsed)) throw invalid(`${name} must be an ISO date such as 2026-12-06 (or the start of a day with its offset, 2026-12-06T00:00:00+01:00), got "${text}"`)
  return new Date(parsed)
}

/** Validated list parameters (400 with the reason otherwise). */
export function parsePaymentListQuery(raw: Record<string, unknown>): PaymentListQuery {
  const q = one(raw, "q")
  if (q && q.length > 200) throw invalid("q is longer than 200 characters")
  const stateText = one(raw, "state")
  const states = stateText?.split(",").map((s) => s.trim().toUpperCase()).filter(Boolean)
  const unknown = states?.filter((s) => !(VIPPS_STATES as readonly string[]).includes(s))
  if (unknown?.length) throw invalid(`state must be a comma list of ${VIPPS_STATES.join(", ")}; unknown: ${unknown.join(", ")}`)
  const attention = one(raw, "attention")
  if (attention && attention !== "any" && !(ATTENTION_REASONS as readonly string[]).includes(attention)) {
    throw invalid(`attention must be "any" or one of ${ATTENTION_REASONS.join(", ")}, got "${attention}"`)
  }
  const format = one(raw, "format") ?? "json"
  if (format !== "json" && format !== "csv") throw invalid(`format must be json or csv, got "${format}"`)
  const from = day(raw, "created_from")
  const to = day(raw, "created_to")
  if (from && to && to < from) throw invalid("created_to is before created_from")
  return {
    ...(q ? { q } : {}),
    ...(states?.length ? { states: [...new Set(states)] } : {}),
    ...(one(raw, "msn") ? { msn: one(raw, "msn") } : {}),
    ...(one(raw, "provider_id") ? { provider_id: one(raw, "provider_id") } : {}),
    ...(from ? { created_from: from } : {}),
    ...(to ? { created_before: new Date(to.getTime() + DAY_MS) } : {}),
    ...(attention ? { attention: attention as PaymentListQuery["attention"] } : {}),
    limit: integer(raw, "limit", DEFAULT_LIMIT, 1, MAX_LIMIT),
    offset: integer(raw, "offset", 0, 0, 10_000_000),
    format,
  }
}

/** What one search box text can be: the searches it runs (each on its own index). */
export type SearchTerms = { text: string; display_id?: number; email_prefix?: string; phone_digits?: string }

export function searchTermsOf(q: string): SearchTerms {
  const text = q.trim()
  const terms: SearchTerms = { text }
  const display = /^#?(\d{1,9})$/.exec(text)
  if (display) terms.display_id = Number(display[1])
  if (!/\s/.test(text) && !/^[+#]?\d+$/.test(text)) terms.email_prefix = text.toLowerCase()
  if (/^\+?[\d\s().-]+$/.test(text)) {
    const digits = nationalPhoneDigits(text)
    if (digits && digits.length >= 6) terms.phone_digits = digits
  }
  return terms
}

const likePrefix = (text: string) => `${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`

type Sql = { sql: string; bindings: unknown[] }

/** Each reason as a condition on the projection's columns (the partial indexes have the same predicates). */
export function attentionConditions(ctx: AttentionContext): Record<AttentionReason, Sql> {
  const grace = new Date(ctx.now.getTime() - (ctx.authorizedGraceMinutes ?? DEFAULT_GRACE_MINUTES) * 60_000)
  const horizon = (days: number) => new Date(ctx.now.getTime() + days * DAY_MS)
  const byDays = new Map<number, string[]>()
  for (const [provider, days] of Object.entries(ctx.warningDays)) {
    if (days === DEFAULT_WARNING_DAYS) continue
    byDays.set(days, [...(byDays.get(days) ?? []), provider])
  }
  const widest = Math.max(DEFAULT_WARNING_DAYS, ...byDays.keys())
  const perProvider = [...byDays.entries()]
  const deadline: Sql = {
    sql:
      `("uncaptured" > 0 and "capture_deadline" <= ?` +
      (perProvider.length
        ? ` and case ${perProvider.map(() => `when "provider_id" = any(?) then "capture_deadline" <= ?`).join(" ")} else "capture_deadline" <= ? end)`
        : ")"),
    bindings: [horizon(widest), ...perProvider.flatMap(([days, ids]) => [ids, horizon(days)]), ...(perProvider.length ? [horizon(DEFAULT_WARNING_DAYS)] : [])],
  }
  return {
    authorized_without_order: { sql: `("state" = 'AUTHORIZED' and "order_id" is null and "uncaptured" > 0 and "created_at" < ?)`, bindings: [grace] },
    capture_deadline_soon: deadline,
    capture_refused: { sql: `("capture_refused" > 0)`, bindings: [] },
    amount_mismatch: { sql: `("amount_mismatch")`, bindings: [] },
    webhook_registration_missing: ctx.missingWebhookMsns.length
      ? { sql: `(("state" = 'CREATED' or "uncaptured" > 0) and "msn" = any(?))`, bindings: [ctx.missingWebhookMsns] }
      : { sql: `(false)`, bindings: [] },
  }
}

/** The WHERE clause of the list (without paging). */
export function listFilter(query: PaymentListQuery, ctx: AttentionContext): Sql {
  const where: string[] = []
  const bindings: unknown[] = []
  if (query.q) {
    const t = searchTermsOf(query.q)
    const any: string[] = [`"reference" = ?`, `"psp_reference" = ?`]
    bindings.push(t.text, t.text)
    if (t.display_id !== undefined) any.push(`"order_display_id" = ?`), bindings.push(t.display_id)
    if (t.email_prefix) any.push(`("email" like ? and "email" is not null)`), bindings.push(likePrefix(t.email_prefix))
    if (t.phone_digits) any.push(`("phone_digits" = ? and "phone_digits" is not null)`), bindings.push(t.phone_digits)
    where.push(`(${any.join(" or ")})`)
  }
  if (query.states) where.push(`"state" = any(?)`), bindings.push(query.states)
  if (query.msn) where.push(`"msn" = ?`), bindings.push(query.msn)
  if (query.provider_id) where.push(`"provider_id" = ?`), bindings.push(query.provider_id)
  if (query.created_from) where.push(`"created_at" >= ?`), bindings.push(query.created_from)
  if (query.created_before) where.push(`"created_at" < ?`), bindings.push(query.created_before)
  if (query.attention) {
    const conditions = attentionConditions(ctx)
    const chosen = query.attention === "any" ? Object.values(conditions) : [conditions[query.attention]]
    where.push(`(${chosen.map((c) => c.sql).join(" or ")})`)
    bindings.push(...chosen.flatMap((c) => c.bindings))
  }
  return { sql: where.length ? where.join(" and ") : "true", bindings }
}

/** The columns the list reads, with each reason as a boolean `attention_<reason>`. */
function selectSql(ctx: AttentionContext): Sql {
  const conditions = attentionConditions(ctx)
  return {
    sql: `select *, ${ATTENTION_REASONS.map((r) => `${conditions[r].sql} as "attention_${r}"`).join(", ")} from "${PAYMENT_ATTEMPT_TABLE}"`,
    bindings: ATTENTION_REASONS.flatMap((r) => conditions[r].bindings),
  }
}

export type ListedAttempt = PaymentAttemptRow & { attention: AttentionReason[] }

type Knex = { raw(sql: string, bindings?: unknown[]): Promise<{ rows: any[] }> }

const withReasons = (row: Record<string, unknown>): ListedAttempt => {
  const attention = ATTENTION_REASONS.filter((r) => row[`attention_${r}`] === true)
  for (const r of ATTENTION_REASONS) delete row[`attention_${r}`]
  return { ...(row as unknown as PaymentAttemptRow), attention }
}

/** The statements the list runs (exported for the benchmark's EXPLAIN). */
export function listStatements(query: PaymentListQuery, ctx: AttentionContext) {
  const filter = listFilter(query, ctx)
  const select = selectSql(ctx)
  const order = `order by "created_at" desc, "reference" desc limit ? offset ?`
  return {
    // A needs-attention filter reads its partial indexes first (few rows by design), then sorts
    // them: walking the newest-first index instead would pass half the table before it finds
    // payments whose deadline is close (they are old), which the planner cannot foresee.
    page: query.attention
      ? { sql: `with "matches" as materialized (${select.sql} where ${filter.sql}) select * from "matches" ${order}`, bindings: [...select.bindings, ...filter.bindings, query.limit, query.offset] }
      : { sql: `${select.sql} where ${filter.sql} ${order}`, bindings: [...select.bindings, ...filter.bindings, query.limit, query.offset] },
    // Counted exactly up to EXACT_COUNT_LIMIT: beyond it, counting every match costs more than the page (see estimate).
    count: {
      sql: `select count(*)::int as "count" from (select 1 from "${PAYMENT_ATTEMPT_TABLE}" where ${filter.sql} limit ${EXACT_COUNT_LIMIT + 1}) as "matches"`,
      bindings: filter.bindings,
    },
    estimate: { sql: `explain (format json) select 1 from "${PAYMENT_ATTEMPT_TABLE}" where ${filter.sql}`, bindings: filter.bindings },
  }
}

/** Up to this many matches the count is exact; above it, PostgreSQL's estimate (never less than this). */
export const EXACT_COUNT_LIMIT = 10_000

/**
 * One page of the list, newest first, and how many match: exact up to EXACT_COUNT_LIMIT (then
 * `count_estimated` is false), else the planner's estimate from the table's statistics
 * (`count_estimated` true): an exact count of 700 000 rows reads 700 000 index entries on every page.
 */
export async function listPaymentAttempts(
  knex: Knex,
  query: PaymentListQuery,
  ctx: AttentionContext
): Promise<{ rows: ListedAttempt[]; count: number; count_estimated: boolean }> {
  const { page, count, estimate } = listStatements(query, ctx)
  const [rows, counted] = await Promise.all([knex.raw(page.sql, page.bindings), knex.raw(count.sql, count.bindings)])
  const exact = Number(counted.rows[0]?.count ?? 0)
  if (exact <= EXACT_COUNT_LIMIT) return { rows: rows.rows.map(withReasons), count: exact, count_estimated: false }
  const { rows: plan } = await knex.raw(estimate.sql, estimate.bindings)
  const estimated = Math.round(Number(plan[0]?.["QUERY PLAN"]?.[0]?.Plan?.["Plan Rows"] ?? 0))
  return { rows: rows.rows.map(withReasons), count: Math.max(estimated, EXACT_COUNT_LIMIT + 1), count_estimated: true }
}

/** The statement for the needs-attention counts (over all payments, each reason on its partial index). */
export function attentionCountStatement(ctx: AttentionContext): Sql {
  const conditions = attentionConditions(ctx)
  const any = Object.values(conditions)
  return {
    sql:
      `select ${ATTENTION_REASONS.map((r) => `(select count(*)::int from "${PAYMENT_ATTEMPT_TABLE}" where ${conditions[r].sql}) as "${r}"`).join(", ")}, ` +
      `(select count(*)::int from "${PAYMENT_ATTEMPT_TABLE}" where ${any.map((c) => c.sql).join(" or ")}) as "total"`,
    bindings: [...ATTENTION_REASONS.flatMap((r) => conditions[r].bindings), ...any.flatMap((c) => c.bindings)],
  }
}

export async function countAttention(knex: Knex, ctx: AttentionContext): Promise<{ total: number; reasons: Record<AttentionReason, number> }> {
  const { sql, bindings } = attentionCountStatement(ctx)
  const { rows } = await knex.raw(sql, bindings)
  const row = rows[0] ?? {}
  return { total: Number(row.total ?? 0), reasons: Object.fromEntries(ATTENTION_REASONS.map((r) => [r, Number(row[r] ?? 0)])) as Record<AttentionReason, number> }
}

/**
 * The whole filtered list in pages of `size`, newest first, by keyset (created_at, reference):
 * each page is an index range, however deep the export goes (the CSV export).
 */
export async function* allPaymentAttempts(knex: Knex, query: PaymentListQuery, ctx: AttentionContext, size = 500): AsyncGenerator<ListedAttempt[]> {
  const filter = listFilter(query, ctx)
  const select = selectSql(ctx)
  let after: { created_at: Date; reference: string } | undefined
  for (;;) {
    const keyset = after ? ` and ("created_at", "reference") < (?, ?)` : ""
    const { rows } = await knex.raw(`${select.sql} where ${filter.sql}${keyset} order by "created_at" desc, "reference" desc limit ?`, [
      ...select.bindings,
      ...filter.bindings,
      ...(after ? [after.created_at, after.reference] : []),
      size,
    ])
    if (!rows.length) return
    const last = rows[rows.length - 1]
    after = { created_at: last.created_at, reference: last.reference }
    yield rows.map(withReasons)
    if (rows.length < size) return
  }
}
