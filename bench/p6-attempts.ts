/**
 * P6 (issue 23): the payments page at 1 000 000 payment attempts. A throwaway database on the
 * given PostgreSQL server gets the plugin's own table and indexes (Migration20261206080000, what
 * the migration runs) and BENCH_P6_ROWS rows seeded in one INSERT … SELECT generate_series with
 * a shop's distributions (states, three sales units, two years of dates, a little of every
 * needs-attention reason); ANALYZE; then every query the route runs — through the same
 * functions the route calls (listPaymentAttempts, countAttention; listStatements for EXPLAIN) —
 * timed BENCH_P6_RUNS times (p50/p95), and EXPLAIN (FORMAT JSON) of each statement checked for a
 * Seq Scan node. The database is dropped at the end, also after a failure.
 */
import knexFactory, { type Knex } from "knex"
import { Migration20261206080000 } from "../src/modules/vipps/migrations/Migration20261206080000"
import {
  attentionCountStatement,
  countAttention,
  listPaymentAttempts,
  listStatements,
  parsePaymentListQuery,
  type AttentionContext,
  type PaymentListQuery,
} from "../src/admin-api/payment-list-query"

export type P6Db = { host: string; port: number; user: string; password: string }

export type P6Query = { name: string; rows: number; count?: number; estimated?: boolean; p50Ms: number; p95Ms: number; seqScan: boolean; plan: string }
export type P6Result = { rows: number; seedSeconds: number; runs: number; queries: P6Query[] }

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]
}

/** One INSERT … SELECT: ~72% authorized (almost all with an order, most captured), the rest aborted/expired/terminated/created. */
function seedSql(rows: number): string {
  return `insert into "vipps_payment_attempt" ("reference", "psp_reference", "session_id", "payment_id", "provider_id", "msn", "cart_id", "order_id",
      "order_display_id", "email", "phone", "phone_digits", "currency", "amount", "authorized", "captured", "refunded", "cancelled",
      "medusa_captured", "medusa_refunded", "state", "capture_deadline", "capture_refused", "completion", "last_event_at", "created_at", "updated_at")
    select 'demo-' || md5(i::text), case when s.state = 'CREATED' then null else 'psp' || (7000000000 + i)::text end, 'payses_' || i,
      case when s.state = 'AUTHORIZED' and s.has_order then 'pay_' || i end,
      (array['pp_vipps_vipps','pp_vipps_mobilepay','pp_vipps_mobilepay_fi'])[1 + i % 3], (array['100001','100002','100003'])[1 + i % 3],
      'cart_' || i, case when s.has_order then 'order_' || i end, case when s.has_order then i end,
      'user' || (i % 200000) || '@example' || (i % 50) || '.no', '47' || (40000000 + i % 500000)::text, (40000000 + i % 500000)::text,
      (array['NOK','DKK','EUR'])[1 + i % 3], s.amount,
      case when s.state = 'AUTHORIZED' then s.amount else 0 end,
      case when s.captured then s.amount else 0 end, case when s.captured and i % 40 = 0 then s.amount / 2 else 0 end, 0,
      case when s.has_order then case when i % 2000 = 7 then 0 when s.captured then s.amount else 0 end end,
      case when s.has_order then case when s.captured and i % 40 = 0 then s.amount / 2 else 0 end end,
      s.state, case when s.state = 'AUTHORIZED' then s.created_at + interval '180 days' end,
      case when i % 2000 = 11 and s.state = 'AUTHORIZED' then 1 else 0 end,
      case when s.has_order then 'order' end, s.created_at + interval '1 minute', s.created_at, s.created_at
    from generate_series(1, ${rows}) as i,
      lateral (select now() - (i::double precision / ${rows}) * interval '730 days' as created_at) c,
      lateral (select
        case when i % 100 < 72 then 'AUTHORIZED' when i % 100 < 86 then 'ABORTED' when i % 100 < 96 then 'EXPIRED' when i % 100 < 98 then 'TERMINATED'
             when c.created_at > now() - interval '1 day' then 'CREATED' else 'EXPIRED' end as state,
        c.created_at,
        (10000 + (i % 500) * 100)::bigint as amount) b,
      lateral (select b.state, b.created_at, b.amount,
        b.state = 'AUTHORIZED' and i % 1000 <> 3 as has_order,
        b.state = 'AUTHORIZED' and i % 1000 <> 3 and (b.created_at < now() - interval '14 days' and i % 1000 <> 5) as captured) s`
}

async function explain(knex: Knex, sql: string, bindings: unknown[]): Promise<{ seqScan: boolean; plan: string }> {
  const { rows } = await knex.raw(`explain (format json) ${sql}`, bindings as any)
  const nodes: string[] = []
  const walk = (node: any) => {
    nodes.push(node["Index Name"] ? `${node["Node Type"]} ${node["Index Name"]}` : node["Node Type"])
    for (const child of node.Plans ?? []) walk(child)
  }
  walk(rows[0]["QUERY PLAN"][0].Plan)
  return { seqScan: nodes.some((n) => n.startsWith("Seq Scan")), plan: [...new Set(nodes)].join(", ") }
}

export async function measureP6(db: P6Db, options: { rows: number; runs: number; log: (line: string) => void }): Promise<P6Result> {
  const name = `vipps_bench_p6_${process.pid}`
  const admin = knexFactory({ client: "pg", connection: { ...db, database: "postgres" }, pool: { min: 0, max: 1 } })
  await admin.raw(`create database "${name}"`)
  const knex = knexFactory({ client: "pg", connection: { ...db, database: name }, pool: { min: 0, max: 4 } })
  try {
    // The table exactly as the migration makes it (its SQL, collected without a database driver).
    const migration = new Migration20261206080000(undefined as never, undefined as never)
    await migration.up()
    for (const sql of migration.getQueries()) await knex.raw(String(sql))
    const seedStart = Date.now()
    await knex.raw(seedSql(options.rows))
    await knex.raw(`vacuum analyze "vipps_payment_attempt"`)
    const seedSeconds = (Date.now() - seedStart) / 1000
    options.log(`P6: ${options.rows} rows seeded and analyzed in ${seedSeconds.toFixed(1)} s`)

    const sample = (await knex.raw(`select * from "vipps_payment_attempt" where "order_display_id" = ?`, [Math.floor(options.rows / 2) - (Math.floor(options.rows / 2) % 100)])).rows[0]
    const ctx: AttentionContext = { now: new Date(), warningDays: { pp_vipps_vipps: 3, pp_vipps_mobilepay: 3, pp_vipps_mobilepay_fi: 7 }, missingWebhookMsns: ["100003"] }
    const today = new Date()
    const day = (daysAgo: number) => new Date(today.getTime() - daysAgo * 86400_000).toISOString().slice(0, 10)
    const cases: [string, Record<string, string>][] = [
      ["list, first page (newest first)", {}],
      ["list, page 50 (offset 980)", { offset: "980" }],
      ["search: Vipps reference", { q: sample.reference }],
      ["search: PSP reference", { q: sample.psp_reference }],
      ["search: order display id (#n)", { q: `#${sample.order_display_id}` }],
      ["search: email, exact", { q: sample.email.toUpperCase() }],
      ["search: email, prefix", { q: sample.email.slice(0, 9) }],
      ["search: phone (+47 formatted)", { q: `+47 ${sample.phone_digits.slice(0, 3)} ${sample.phone_digits.slice(3, 5)} ${sample.phone_digits.slice(5)}` }],
      ["filter: state AUTHORIZED", { state: "AUTHORIZED" }],
      ["filter: state CREATED,TERMINATED", { state: "CREATED,TERMINATED" }],
      ["filter: sales unit (msn)", { msn: "100002" }],
      ["filter: last 7 days", { created_from: day(7), created_to: day(0) }],
      ["filter: a day a year ago + msn", { created_from: day(365), created_to: day(365), msn: "100001" }],
      ["filter: needs attention (any)", { attention: "any" }],
      ["filter: authorized without order", { attention: "authorized_without_order" }],
      ["filter: capture deadline soon", { attention: "capture_deadline_soon" }],
      ["filter: capture refused", { attention: "capture_refused" }],
      ["filter: amount mismatch", { attention: "amount_mismatch" }],
      ["filter: webhook registration missing", { attention: "webhook_registration_missing" }],
    ]
    const queries: P6Query[] = []
    const time = async (run: () => Promise<unknown>) => {
      await run() // warm
      const ms: number[] = []
      for (let i = 0; i < options.runs; i++) {
        const start = process.hrtime.bigint()
        await run()
        ms.push(Number(process.hrtime.bigint() - start) / 1e6)
      }
      return { p50Ms: percentile(ms, 50), p95Ms: percentile(ms, 95) }
    }
    for (const [label, raw] of cases) {
      const query: PaymentListQuery = parsePaymentListQuery(raw)
      const result = await listPaymentAttempts(knex, query, ctx)
      const { page, count } = listStatements(query, ctx)
      const [pagePlan, countPlan] = [await explain(knex, page.sql, page.bindings), await explain(knex, count.sql, count.bindings)]
      queries.push({
        name: label,
        rows: result.rows.length,
        count: result.count,
        estimated: result.count_estimated,
        ...(await time(() => listPaymentAttempts(knex, query, ctx))),
        seqScan: pagePlan.seqScan || countPlan.seqScan,
        plan: `page: ${pagePlan.plan}; count: ${countPlan.plan}`,
      })
      options.log(`P6: ${label}: ${result.count_estimated ? "≈" : ""}${result.count} match, p50 ${queries.at(-1)!.p50Ms.toFixed(1)} ms; ${queries.at(-1)!.plan}`)
    }
    const counts = await countAttention(knex, ctx)
    const statement = attentionCountStatement(ctx)
    const plan = await explain(knex, statement.sql, statement.bindings)
    queries.push({ name: "needs-attention counts (5 reasons + total)", rows: 1, count: counts.total, ...(await time(() => countAttention(knex, ctx))), ...plan })
    options.log(`P6: attention counts ${JSON.stringify(counts)}; ${plan.plan}`)
    return { rows: options.rows, seedSeconds, runs: options.runs, queries }
  } finally {
    await knex.destroy()
    await admin.raw(`drop database if exists "${name}"`).catch((error) => options.log(`P6: could not drop ${name}: ${(error as Error).message}`))
    await admin.destroy()
  }
}
