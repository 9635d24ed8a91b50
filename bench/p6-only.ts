/**
 * P6 alone: the payments page's queries at 1 000 000 payment attempts (bench/p6-attempts.ts) on
 * a throwaway database of the PostgreSQL server in DB_HOST/DB_PORT/DB_USERNAME/DB_PASSWORD
 * (default 127.0.0.1:5432 postgres/postgres; `node scripts/with-db.mjs -- npx ts-node
 * --transpile-only bench/p6-only.ts` starts a private one). No Medusa stack needed.
 * `npx ts-node --transpile-only bench/p6-only.ts`
 * Environment: BENCH_P6_ROWS (1000000), BENCH_P6_RUNS (20).
 */
import { renderTable } from "./lib/table"
import { measureP6 } from "./p6-attempts"
import { p6Rows } from "./rows"

const num = (name: string, fallback: number) => (process.env[name] ? Number(process.env[name]) : fallback)
const started = Date.now()
const log = (line: string) => console.error(`[p6 ${String(Math.round((Date.now() - started) / 1000)).padStart(3)}s] ${line}`)

measureP6(
  {
    host: process.env.DB_HOST || "127.0.0.1",
    port: Number(process.env.DB_PORT || 5432),
    user: process.env.DB_USERNAME || "postgres",
    password: process.env.DB_PASSWORD || "postgres",
  },
  { rows: num("BENCH_P6_ROWS", 1_000_000), runs: num("BENCH_P6_RUNS", 20), log }
).then(
  (result) => {
    console.log(renderTable(p6Rows(result), [`P6 alone (bench/p6-only.ts): ${result.rows} payment attempts, ${result.runs} runs per query`]))
    process.exit(0)
  },
  (error) => {
    console.error(error)
    process.exit(1)
  }
)
