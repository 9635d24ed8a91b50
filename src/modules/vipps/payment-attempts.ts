import { type Knex, pgConnectionOf } from "./pg-connection"

/**
 * The payments page's projection (issue 23): one row per Vipps reference in
 * `vipps_payment_attempt`, so the admin's list, its searches and its needs-attention counts are
 * index lookups on one table. The facts live in other modules' tables (the payment session's and
 * payment's `data`, Medusa's captures and refunds, the cart, the order, the stored webhooks);
 * `project()` reads them for some sessions in one statement and upserts their rows. Writers call
 * it where the facts change (session created, payment sync, order placed, captures/refunds,
 * capture refusals); a failed write is logged and never fails the money path that called it
 * (the reconciliation job's next sync of the payment writes it again). Vipps's amounts only grow,
 * so a write with older data never takes back what a fresher read recorded.
 *
 * Plain SQL through the shared connection (like the movement journal), because its writers live
 * in the payment provider (inside Medusa's payment module) as well as in the app container.
 */
export const PAYMENT_ATTEMPT_TABLE = "vipps_payment_attempt"
const T = PAYMENT_ATTEMPT_TABLE
// The table and its indexes: Migration20261206080000 (bench P6 builds its table with it too).


export type PaymentAttemptRow = {
  reference: string
  psp_reference: string | null
  session_id: string
  payment_id: string | null
  provider_id: string
  msn: string | null
  cart_id: string | null
  order_id: string | null
  order_display_id: number | null
  email: string | null
  phone: string | null
  phone_digits: string | null
  currency: string
  amount: number
  authorized: number
  captured: number
  refunded: number
  cancelled: number
  medusa_captured: number | null
  medusa_refunded: number | null
  state: string
  capture_deadline: Date | string | null
  capture_refused: number
  completion: string | null
  last_event_at: Date | string | null
  uncaptured?: number
  amount_mismatch?: boolean
  created_at: Date | string
  updated_at?: Date | string
}

/** What a sync just read at Vipps (fresher than the stored data). */
export type LiveVippsPayment = {
  state?: string
  pspReference?: string
  aggregate?: object
  captureGuaranteedUntil?: string | null
}

const COUNTRY_CODES = ["358", "354", "298", "299", "47", "45", "46"]

/**
 * The national number's digits of a phone number as people write it or Vipps sends it
 * ("+47 912 34 567", "004791234567", "4791234567", "91234567" → "91234567"; Finnish
 * "+358 40 1234567" and "040 1234567" → "401234567"). Undefined when it has too few digits.
 */
export function nationalPhoneDigits(phone: string | null | undefined): string | undefined {
  if (!phone) return undefined
  const trimmed = phone.trim()
  let digits = trimmed.replace(/\D/g, "")
  let international = trimmed.startsWith("+")
  if (!international && digits.startsWith("00")) {
    digits = digits.slice(2)
    international = true
  }
  const code = COUNTRY_CODES.find((c) => digits.startsWith(c))
  // Without "+" a number is national unless it is longer than the Nordic national numbers (8; Finland up to 10 with its 0).
  if (code && (international || (code === "358" ? digits.length >= 11 : digits.length >= 10))) digits = digits.slice(code.length)
  if (digits.startsWith("0")) digits = digits.slice(1)
  return digits.length >= 5 ? digits : undefined
}

const CURRENCY_COUNTRY: Record<string, string> = { NOK: "47", DKK: "45", EUR: "358" }

/**
 * The phone number with its country code, digits only ("4791234567"), as Vipps sends it and as
 * the order card masks it: a national number gets the market's country code.
 */
export function phoneWithCountry(phone: string | null | undefined, currency: string): string | undefined {
  const national = nationalPhoneDigits(phone)
  if (!national || !phone) return undefined
  const digits = phone.replace(/\D/g, "").replace(/^00/, "")
  const country = digits.endsWith(national) ? digits.slice(0, digits.length - national.length).replace(/0$/, "") : ""
  return `${country || CURRENCY_COUNTRY[currency.toUpperCase()] || ""}${national}`
}

/** Minor units of a Medusa big number's decimal text (Vipps's currencies have 2 decimals). */
function minorOf(value: unknown): number | null {
  if (value === null || value === undefined) return null
  const [whole, fraction = ""] = String(value).split(".")
  const cents = `${fraction}00`.slice(0, 2)
  const sign = whole.startsWith("-") ? -1 : 1
  return sign * (Math.abs(Number(whole)) * 100 + Number(cents))
}

type Facts = {
  session_id: string
  provider_id: string
  session_created_at: Date
  session_data: Record<string, any> | null
  payment_id: string | null
  payment_data: Record<string, any> | null
  payment_canceled_at: Date | null
  medusa_captured: string | null
  medusa_refunded: string | null
  cart_id: string | null
  cart_email: string | null
  cart_phone: string | null
  order_id: string | null
  order_display_id: number | null
  order_email: string | null
  order_phone: string | null
  last_event_at: Date | null
}

/**
 * The facts of the Vipps payment sessions matching `where` (on `ps`/`p`/`opc`), across the
 * payment, cart and order modules' tables. Every join is by key or by an indexed link column.
 */
function factsSql(where: string): string {
  return `select ps."id" as "session_id", ps."provider_id", ps."created_at" as "session_created_at", ps."data" as "session_data",
      p."id" as "payment_id", p."data" as "payment_data", p."canceled_at" as "payment_canceled_at",
      (select sum((c."raw_amount"->>'value')::numeric)::text from "capture" c where c."payment_id" = p."id" and c."deleted_at" is null) as "medusa_captured",
      (select sum((r."raw_amount"->>'value')::numeric)::text from "refund" r where r."payment_id" = p."id" and r."deleted_at" is null) as "medusa_refunded",
      cpc."cart_id", cart."email" as "cart_email", coalesce(nullif(sa."phone", ''), ba."phone") as "cart_phone",
      o."id" as "order_id", o."display_id" as "order_display_id", o."email" as "order_email", oa."phone" as "order_phone",
      (select max(e."occurred_at") from "vipps_webhook_event" e where e."reference" = ps."data"->>'reference' and e."deleted_at" is null) as "last_event_at"
    from "payment_session" ps
      left join "payment" p on p."payment_session_id" = ps."id" and p."deleted_at" is null
      left join "cart_payment_collection" cpc on cpc."payment_collection_id" = ps."payment_collection_id" and cpc."deleted_at" is null
      left join "cart" cart on cart."id" = cpc."cart_id"
      left join "cart_address" sa on sa."id" = cart."shipping_address_id"
      left join "cart_address" ba on ba."id" = cart."billing_address_id"
      left join "order_payment_collection" opc on opc."payment_collection_id" = ps."payment_collection_id" and opc."deleted_at" is null
      left join "order" o on o."id" = opc."order_id" and o."deleted_at" is null
      left join "order_address" oa on oa."id" = o."shipping_address_id"
    where ps."provider_id" like 'pp\\_vipps\\_%' and ps."data"->>'reference' is not null and (${where})`
}

const count = (list: unknown) => (Array.isArray(list) ? list : []).filter((f: any) => f?.definitive && !f.resolved_at).length

/** The row for one session's facts (and what a sync just read at Vipps, when given). */
export function attemptRowOf(f: Facts, live?: LiveVippsPayment): PaymentAttemptRow | undefined {
  const session = f.session_data ?? {}
  // The payment's data is the newer copy once Medusa made a payment of the session.
  const data = { ...session, ...(f.payment_data ?? {}) } as Record<string, any>
  if (typeof data.reference !== "string" || typeof data.currency !== "string") return undefined
  const value = (name: string) => (live?.aggregate as Record<string, { value?: number }> | undefined)?.[name]?.value
  const a = data.aggregate ?? {}
  const given = f.order_phone || f.cart_phone || null
  const phone = phoneWithCountry(given, String(data.currency)) ?? null
  const email = (f.order_email || f.cart_email || "").trim().toLowerCase() || null
  const released = Boolean(session.completion_error || session.released_by_admin_at) || (f.payment_canceled_at !== null && f.payment_canceled_at !== undefined)
  return {
    reference: data.reference,
    psp_reference: live?.pspReference ?? data.psp_reference ?? null,
    session_id: f.session_id,
    payment_id: f.payment_id,
    provider_id: f.provider_id,
    msn: data.msn ?? null,
    cart_id: f.cart_id,
    order_id: f.order_id,
    order_display_id: f.order_display_id === null || f.order_display_id === undefined ? null : Number(f.order_display_id),
    email,
    phone,
    phone_digits: nationalPhoneDigits(given) ?? null,
    currency: data.currency,
    amount: Number(data.amount ?? 0),
    authorized: value("authorizedAmount") ?? Number(a.authorized ?? 0),
    captured: value("capturedAmount") ?? Number(a.captured ?? 0),
    refunded: value("refundedAmount") ?? Number(a.refunded ?? 0),
    cancelled: value("cancelledAmount") ?? Number(a.cancelled ?? 0),
    medusa_captured: f.payment_id ? minorOf(f.medusa_captured ?? "0") : null,
    medusa_refunded: f.payment_id ? minorOf(f.medusa_refunded ?? "0") : null,
    state: live?.state ?? data.state ?? "CREATED",
    capture_deadline: data.capture_deadline ?? null,
    capture_refused: count(data.capture_failures),
    completion: f.order_id ? "order" : released ? "released" : null,
    last_event_at: f.last_event_at,
    created_at: f.session_created_at,
  }
}

const COLUMNS = [
  "reference", "psp_reference", "session_id", "payment_id", "provider_id", "msn", "cart_id", "order_id", "order_display_id",
  "email", "phone", "phone_digits", "currency", "amount", "authorized", "captured", "refunded", "cancelled",
  "medusa_captured", "medusa_refunded", "state", "capture_deadline", "capture_refused", "completion", "last_event_at", "created_at",
] as const

// Vipps's amounts only grow and a payment leaves CREATED once: an older copy never takes back a fresher read.
const GROWS = ["authorized", "captured", "refunded", "cancelled"]
const KEEPS = ["psp_reference", "payment_id", "cart_id", "order_id", "order_display_id", "email", "phone", "phone_digits", "msn", "capture_deadline", "last_event_at", "completion"]

function upsertSql(rows: number): string {
  const tuple = `(${COLUMNS.map(() => "?").join(", ")})`
  const set = COLUMNS.filter((c) => c !== "reference" && c !== "created_at").map((c) => {
    if (GROWS.includes(c)) return `"${c}" = greatest("${T}"."${c}", excluded."${c}")`
    if (KEEPS.includes(c)) return `"${c}" = coalesce(excluded."${c}", "${T}"."${c}")`
    if (c === "state") return `"state" = case when excluded."state" = 'CREATED' then "${T}"."state" else excluded."state" end`
    return `"${c}" = excluded."${c}"`
  })
  return `insert into "${T}" (${COLUMNS.map((c) => `"${c}"`).join(", ")}) values ${Array(rows).fill(tuple).join(", ")}
    on conflict ("reference") do update set ${set.join(", ")}, "updated_at" = now()`
}

export type AttemptSelector = { session_id?: string; session_ids?: string[]; payment_id?: string; order_id?: string; reference?: string }

export class PaymentAttemptStore {
  constructor(private readonly knex: Knex) {}

  static fromContainer(container: object): PaymentAttemptStore | undefined {
    const knex = pgConnectionOf(container)
    return knex && typeof knex.raw === "function" ? new PaymentAttemptStore(knex) : undefined
  }

  async upsert(rows: PaymentAttemptRow[]): Promise<void> {
    if (!rows.length) return
    const bindings = rows.flatMap((row) => COLUMNS.map((c) => (row as Record<string, unknown>)[c] ?? null))
    await this.knex.raw(upsertSql(rows.length), bindings)
  }

  /**
   * Writes the rows of the sessions `selector` names from Medusa's data (the session's current
   * reference; a payment replaced after an amount change keeps its earlier row). `live`: what a
   * sync just read at Vipps for `selector.reference`.
   */
  async project(selector: AttemptSelector, live?: LiveVippsPayment): Promise<number> {
    const where: string[] = []
    const bindings: unknown[] = []
    if (selector.session_id) where.push(`ps."id" = ?`), bindings.push(selector.session_id)
    if (selector.session_ids?.length) where.push(`ps."id" = any(?)`), bindings.push(selector.session_ids)
    if (selector.payment_id) where.push(`p."id" = ?`), bindings.push(selector.payment_id)
    if (selector.order_id) where.push(`opc."order_id" = ?`), bindings.push(selector.order_id)
    if (!where.length) return 0
    const { rows } = await this.knex.raw(factsSql(where.join(" and ")), bindings)
    const projected = (rows as Facts[])
      .map((f) => attemptRowOf(f, live && selector.reference && f.session_data?.reference === selector.reference ? live : undefined))
      .filter((r): r is PaymentAttemptRow => !!r)
    await this.upsert(projected)
    return projected.length
  }

  /**
   * Backfill (payments made before the payments page existed, or after a failed write): every
   * Vipps session after `after` (by id), `batch` at a time; answers the last id for the next call.
   */
  async backfillBatch(after: string, batch = 500): Promise<{ last?: string; written: number }> {
    const { rows } = await this.knex.raw(`${factsSql(`ps."id" > ?`)} order by ps."id" asc limit ?`, [after, batch])
    const facts = rows as Facts[]
    const projected = facts.map((f) => attemptRowOf(f)).filter((r): r is PaymentAttemptRow => !!r)
    for (let i = 0; i < projected.length; i += 100) await this.upsert(projected.slice(i, i + 100))
    return { last: facts.at(-1)?.session_id, written: projected.length }
  }

  async backfillAll(batch = 500): Promise<number> {
    let after = ""
    let written = 0
    for (;;) {
      const page = await this.backfillBatch(after, batch)
      written += page.written
      if (!page.last) return written
      after = page.last
    }
  }

  /** Records the session right after the provider created its Vipps payment (its session row is written after). */
  async recordCreated(input: { reference: string; session_id: string; provider_id?: string; msn?: string; currency: string; amount: number; email?: string | null; phone?: string | null }) {
    const phone = phoneWithCountry(input.phone, input.currency) ?? null
    // Medusa wrote the session row (without our data yet) before it asked the provider.
    const { rows } = await this.knex.raw(`select "provider_id" from "payment_session" where "id" = ?`, [input.session_id])
    const providerId = input.provider_id ?? rows[0]?.provider_id
    if (!providerId) return
    await this.upsert([
      {
        reference: input.reference, psp_reference: null, session_id: input.session_id, payment_id: null, provider_id: providerId,
        msn: input.msn ?? null, cart_id: null, order_id: null, order_display_id: null,
        email: input.email?.trim().toLowerCase() || null, phone, phone_digits: nationalPhoneDigits(phone) ?? null,
        currency: input.currency, amount: input.amount, authorized: 0, captured: 0, refunded: 0, cancelled: 0,
        medusa_captured: null, medusa_refunded: null, state: "CREATED", capture_deadline: null, capture_refused: 0,
        completion: null, last_event_at: null, created_at: new Date(),
      },
    ])
  }

  /**
   * Writes again, from Medusa's data, the rows that still hold money or need a person (something
   * uncaptured, a refused capture, Medusa's amounts differing from Vipps's), least recently
   * written first: what a writer missed (a release on order cancel, a movement the reconciliation
   * job finished) reaches the page within a few runs. Reads the partial indexes; never calls Vipps.
   */
  async refreshOpen(batch = 200): Promise<number> {
    const { rows } = await this.knex.raw(
      `select "session_id" from "${T}" where "uncaptured" > 0 or "capture_refused" > 0 or "amount_mismatch" order by "updated_at" asc limit ?`,
      [batch]
    )
    const ids = [...new Set((rows as { session_id: string }[]).map((r) => r.session_id))]
    if (!ids.length) return 0
    // Rows nothing changed are touched too, so the next run moves on to others.
    await this.knex.raw(`update "${T}" set "updated_at" = now() where "session_id" = any(?)`, [ids])
    return this.project({ session_ids: ids })
  }

  async byReference(reference: string): Promise<PaymentAttemptRow | undefined> {
    const { rows } = await this.knex.raw(`select * from "${T}" where "reference" = ? limit 1`, [reference])
    return rows[0]
  }
}

/**
 * Keeps the projection current without ever failing the caller: writes the rows `selector`
 * names and logs (once, a warning) when that fails. The reconciliation job's next sync writes it again.
 */
export async function recordPaymentAttempt(
  container: object,
  selector: AttemptSelector,
  live?: LiveVippsPayment,
  logger?: { warn(message: string): void }
): Promise<void> {
  try {
    await PaymentAttemptStore.fromContainer(container)?.project(selector, live)
  } catch (error) {
    const log = logger ?? (() => { try { return (container as any).logger ?? (container as any).resolve?.("logger") } catch { return undefined } })()
    log?.warn?.(`Vipps MobilePay payments page: could not record ${JSON.stringify(selector)}: ${(error as Error).message}`)
  }
}
