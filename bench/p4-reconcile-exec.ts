/**
 * P4, run inside the demo store by `medusa exec` (bench/p4-reconciliation.ts starts it): one
 * reconciliation run (reconcileVippsPayments from src) timed and its Vipps calls counted at the
 * sandbox, and the SQL it selects sessions with (captured from the pg driver) EXPLAIN ANALYZEd,
 * with 1 000 and then 100 000 completed payment sessions in the database. The extra sessions
 * are added with one INSERT … SELECT generate_series. Writes its figures as JSON to
 * BENCH_P4_OUT. Needs BENCH_SANDBOX_URL.
 */
import fs from "node:fs"
import { performance } from "node:perf_hooks"
import type { ExecArgs } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
// eslint-disable-next-line @typescript-eslint/no-require-imports
const pg = require("pg")
import { reconcileVippsPayments } from "../src/reconciliation"
import { sandboxControl, type CallCounts } from "./lib/sandbox"
import { percentile, sleep } from "./lib/http"

type Captured = { text: string; values: unknown[] }
const captured: Captured[] = []
let capturing = false
// Every module talks to PostgreSQL through this one `pg` package: record what the run sends.
const originalQuery = pg.Client.prototype.query
pg.Client.prototype.query = function (this: unknown, config: any, values?: any, callback?: any) {
  if (capturing) {
    const text = typeof config === "string" ? config : config?.text
    const params = Array.isArray(values) ? values : config?.values ?? []
    if (typeof text === "string") captured.push({ text, values: params })
  }
  return originalQuery.call(this, config, values, callback)
}

// The job's pending-session query (src/reconciliation/pending-sessions.ts, knex.raw on PG_CONNECTION
// reaches pg with $n placeholders), or an ORM list of sessions by status, whichever the code uses.
const isSessionQuery = (sql: string) => /from\s+"?(public"?\."?)?payment_session"?/i.test(sql) && /"?status"?\s*(in\b|=)/i.test(sql)

/** The server's own job runs at second 0 of every minute: measure between its runs. */
async function awayFromTheMinute() {
  for (let i = 0; i < 70; i++) {
    const s = new Date().getSeconds()
    if (s >= 5 && s <= 40) return
    await sleep(1000)
  }
}

/** `repeats` runs (median time); Vipps calls are counted for the first. */
async function measuredRuns(container: ExecArgs["container"], sandbox: ReturnType<typeof sandboxControl>, repeats: number) {
  const times: number[] = []
  let first: { report: unknown; calls: CallCounts; sql?: Captured } | undefined
  for (let i = 0; i < repeats; i++) {
    await awayFromTheMinute()
    const mark = await sandbox.mark()
    captured.length = 0
    capturing = true
    const started = performance.now()
    const report = await reconcileVippsPayments(container)
    times.push(performance.now() - started)
    capturing = false
    if (!first) first = { report, calls: await sandbox.countCalls(mark), sql: captured.find((q) => isSessionQuery(q.text)) }
  }
  const { report, calls, sql } = first as NonNullable<typeof first>
  return { ms: percentile(times, 50), times, report, reads: calls.get + calls.events, calls, sql }
}

async function explain(db: any, sql: Captured | undefined) {
  if (!sql) return { plan: "(the session query was not captured)", seqScan: null as boolean | null, executionMs: NaN }
  const { rows } = await db.query(`EXPLAIN (ANALYZE, BUFFERS) ${sql.text}`, sql.values)
  const plan = rows.map((r: any) => r["QUERY PLAN"]).join("\n")
  const exec = /Execution Time: ([\d.]+) ms/.exec(plan)
  return { plan, seqScan: /Seq Scan on payment_session/.test(plan), executionMs: exec ? Number(exec[1]) : NaN }
}

/** Tops the table up to `total` completed (authorized) Vipps sessions, each with its collection. */
async function growTo(db: any, total: number) {
  const { rows } = await db.query("SELECT count(*)::int AS n FROM payment_session")
  const have = rows[0].n as number
  if (have >= total) return have
  const raw = '{"value":"848","precision":20}'
  const started = performance.now()
  await db.query(
    `WITH n AS (SELECT g FROM generate_series($1::int, $2::int) g),
       pc AS (INSERT INTO payment_collection (id, currency_code, amount, raw_amount, authorized_amount, raw_authorized_amount, status, completed_at, created_at, updated_at)
              SELECT 'pay_col_bench_' || g, 'nok', 848, $3::jsonb, 848, $3::jsonb, 'authorized', now(), now() - (g % 172800) * interval '1 second', now() FROM n)
     INSERT INTO payment_session (id, currency_code, amount, raw_amount, provider_id, data, status, authorized_at, payment_collection_id, created_at, updated_at)
     SELECT 'payses_bench_' || g, 'nok', 848, $3::jsonb, 'pp_vipps_vipps', jsonb_build_object('reference', 'demo-payses_bench_' || g), 'authorized', now(),
            'pay_col_bench_' || g, now() - (g % 172800) * interval '1 second', now() FROM n`,
    [have + 1, total, raw]
  )
  await db.query("ANALYZE payment_session")
  await db.query("ANALYZE payment_collection")
  return { inserted: total - have, insertMs: performance.now() - started }
}

export default async function benchReconciliation({ container }: ExecArgs) {
  const logger = container.resolve(ContainerRegistrationKeys.LOGGER)
  const sandbox = sandboxControl(process.env.BENCH_SANDBOX_URL as string)
  const db = new pg.Client({
    host: process.env.DB_HOST,
    port: Number(process.env.DB_PORT),
    user: process.env.DB_USERNAME,
    password: process.env.DB_PASSWORD,
    database: process.env.DB_NAME || "medusa-vipps-demo",
  })
  await db.connect()
  try {
    const sizes = [1_000, 100_000]
    const runs: Record<string, unknown>[] = []
    // A first run warms up the process (token, JIT, pools): not counted.
    await growTo(db, sizes[0])
    await reconcileVippsPayments(container)
    for (const size of sizes) {
      const grown = await growTo(db, size)
      const run = await measuredRuns(container, sandbox, 3)
      const plan = await explain(db, run.sql)
      const { rows } = await db.query("SELECT count(*)::int AS n, count(*) FILTER (WHERE status = 'pending')::int AS pending FROM payment_session")
      runs.push({ size, sessions: rows[0].n, pending: rows[0].pending, grown, ms: run.ms, times: run.times, reads: run.reads, calls: run.calls, report: run.report, sql: run.sql?.text ?? null, ...plan })
      logger.info(`[bench P4] ${rows[0].n} sessions: run ${run.ms.toFixed(0)} ms, ${run.reads} Vipps reads, seq scan ${plan.seqScan}`)
    }
    fs.writeFileSync(process.env.BENCH_P4_OUT as string, JSON.stringify({ runs }, null, 2))
  } finally {
    await db.end()
  }
}
