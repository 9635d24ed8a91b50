/**
 * `npm run bench`: the client benchmark (bench/client-vs-sandbox.ts), then issue 14's goals
 * P1..P5 measured on the demo stack it starts itself (scripts/demo.sh on free 127.0.0.1 ports:
 * sandbox, embedded PostgreSQL, seeded store, `medusa start`), printed as one table with each
 * figure's baseline from the same run. Prints; asserts nothing. Everything it starts is stopped
 * (process groups), also on Ctrl-C.
 *
 * Load and bounds (environment): BENCH_P2_CARTS (30 per provider), BENCH_P2_MAX_S (200), BENCH_P2_SETTLE_MS (0),
 * BENCH_P5_CHECKOUTS (1000 per provider, Vipps and pp_system_default), BENCH_P5_CONCURRENCY (4),
 * BENCH_P5_BLOCK (250), BENCH_P5_MAX_S (360), BENCH_P4_PENDING (5),
 * BENCH_P3_COUNT (3000 per side), BENCH_P3_MAX_S (15), BENCH_STARTUP_S (480),
 * BENCH_P6_ROWS (1000000 payment attempts), BENCH_P6_RUNS (20 per query),
 * BENCH_SKIP_CLIENT=1, BENCH_KEEP=1 (keep the data directory and its logs).
 * Topology: a private redis-server (bench/lib/redis.ts) gives the stack Medusa's Redis modules
 * (event bus, locking, workflow engine), and P3 posts its webhooks to one more Medusa process in
 * workerMode "server" (bench/lib/server.ts) while the demo's process is the worker. Without
 * redis-server (or BENCH_NO_REDIS=1) everything runs in the demo's one process, and P3 says so.
 */
import { spawnSync } from "node:child_process"
import os from "node:os"
import path from "node:path"
import { sandboxControl } from "./lib/sandbox"
import { startStack, type Stack } from "./lib/stack"
import { startRedis, type Redis } from "./lib/redis"
import { startServerProcess } from "./lib/server"
import { connectStore } from "./lib/store"
import { renderTable, type Row } from "./lib/table"
import { measureP1, registerWebhooks } from "./p1-calls"
import { measureP2 } from "./p2-checkout"
import { measureP3 } from "./p3-webhooks"
import { measureP4 } from "./p4-reconciliation"
import { P5_DEFAULTS, openMemoryWindow } from "./p5-memory"
import { p1Rows, p2Rows, p3Rows, p4Rows, p5Rows, p6Rows } from "./rows"
import { measureP6 } from "./p6-attempts"
import { cpuTimes, stealSince } from "./lib/steal"

const num = (name: string, fallback: number) => (process.env[name] ? Number(process.env[name]) : fallback)
const started = Date.now()
const startedCpu = cpuTimes()
const log = (line: string) => console.error(`[bench ${String(Math.round((Date.now() - started) / 1000)).padStart(3)}s] ${line}`)

let stopStack: (() => Promise<void>) | undefined
let redis: Redis | undefined
async function shutdown(code: number) {
  await stopStack?.().catch(() => {})
  await redis?.stop().catch(() => {})
  process.exit(code)
}
process.on("SIGINT", () => void shutdown(130))
process.on("SIGTERM", () => void shutdown(143))

/** Runs one measurement; a failure becomes a row saying so, and the others still run. */
async function part<T>(goal: string, rows: Row[], measure: () => Promise<T>, toRows: (r: T) => Row[]): Promise<T | undefined> {
  log(`${goal}...`)
  const cpu = cpuTimes()
  try {
    const result = await measure()
    rows.push(...toRows(result))
    const steal = stealSince(cpu)
    if (steal) log(`${goal}: CPU stolen by the host during it: ${steal}`)
    return result
  } catch (error) {
    log(`${goal} failed: ${(error as Error).stack ?? error}`)
    rows.push({ goal, figure: "could not be measured", value: (error as Error).message.split("\n")[0].slice(0, 120), baseline: "–", target: "–" })
    return undefined
  }
}

async function main() {
  if (process.env.BENCH_SKIP_CLIENT !== "1") {
    log("the Vipps client against the sandbox (bench/client-vs-sandbox.ts)")
    const ts = path.join(__dirname, "../node_modules/.bin/ts-node")
    const client = spawnSync(ts, ["--transpile-only", path.join(__dirname, "client-vs-sandbox.ts")], { stdio: "inherit", timeout: 120_000 })
    if (client.status !== 0) log(`the client benchmark stopped early (exit ${client.status ?? client.signal}): its figures above are incomplete`)
  }

  if (process.env.BENCH_NO_REDIS !== "1") {
    redis = await startRedis().catch((error) => {
      log(`no Redis for the stack (${(error as Error).message}): one process, local event bus`)
      return undefined
    })
  }
  const s: Stack = await startStack({
    startupTimeoutMs: num("BENCH_STARTUP_S", 480) * 1000,
    log,
    onSpawn: (stop) => (stopStack = stop),
    env: redis ? { REDIS_URL: redis.url } : {},
  })
  const rows: Row[] = []
  try {
    const sandbox = sandboxControl(s.sandboxUrl)
    const demo = await connectStore(s.medusaUrl, s.publishableKey, sandbox)
    log(`webhooks registered at ${await registerWebhooks(demo, s.medusaUrl)}`)
    const references: string[] = []

    const p1 = await part("P1", rows, () => measureP1(demo, sandbox, s.medusaUrl), p1Rows)
    if (p1) references.push(p1.reference)

    const p2 = await part("P2", rows, () => measureP2(demo, num("BENCH_P2_CARTS", 30), num("BENCH_P2_MAX_S", 200) * 1000), p2Rows)
    references.push(...(p2?.references ?? []))

    // P2's checkouts warmed the server up (JIT, caches, pools): the window opens after them.
    log("P5: memory window opens (forced GC)")
    const closeWindow = await openMemoryWindow(sandbox, s.serverPid(), s.inspectorPort).catch((error) => {
      log(`P5 not measured: ${(error as Error).message}`)
      return undefined
    })
    if (closeWindow) {
      const p5 = {
        count: num("BENCH_P5_CHECKOUTS", P5_DEFAULTS.count),
        concurrency: num("BENCH_P5_CONCURRENCY", P5_DEFAULTS.concurrency),
        maxMs: num("BENCH_P5_MAX_S", P5_DEFAULTS.maxS) * 1000,
        block: num("BENCH_P5_BLOCK", P5_DEFAULTS.block),
        log: (line: string) => log(`P5: ${line}`),
      }
      await part("P5", rows, () => closeWindow(demo, p5), p5Rows)
    }

    await part("P4", rows, () => measureP4(s, demo, num("BENCH_P4_PENDING", 5), 300_000, log), p4Rows)
    const p3Load = { concurrency: 16, count: num("BENCH_P3_COUNT", 3000), maxMs: num("BENCH_P3_MAX_S", 15) * 1000 }
    await part("P3", rows, async () => {
      if (!redis) return measureP3(s, sandbox, references, p3Load)
      log("P3: starting a Medusa process in workerMode \"server\" (the demo's process is the worker)")
      const server = await startServerProcess(s, redis.url, num("BENCH_STARTUP_S", 480) * 1000)
      try {
        return await measureP3(s, sandbox, references, { ...p3Load, serverUrl: server.url })
      } finally {
        await server.stop()
      }
    }, p3Rows)
    // P6 needs only the stack's PostgreSQL: a throwaway database there, dropped after.
    await part("P6", rows, () => measureP6(s.db, { rows: num("BENCH_P6_ROWS", 1_000_000), runs: num("BENCH_P6_RUNS", 20), log }), p6Rows)
  } finally {
    log("stopping the demo stack")
    await s.stop()
    await redis?.stop()
  }

  const order = ["P1", "P2", "P3", "P4", "P5", "P6"]
  rows.sort((a, b) => order.indexOf(a.goal) - order.indexOf(b.goal))
  const load = os.loadavg().map((l) => l.toFixed(1)).join(" ")
  const steal = stealSince(startedCpu)
  console.log(
    "\n" +
      renderTable(rows, [
        `Benchmark of issue 14's goals, ${new Date().toISOString().slice(0, 16)}Z, ${Math.round((Date.now() - started) / 1000)} s`,
        `Machine: ${os.cpus().length} cores (${os.cpus()[0]?.model?.trim() ?? "?"}), load average ${load}${steal ? `, CPU stolen by the host ${steal} of the run` : ""}, Node ${process.version}, ${os.platform()} ${os.release()}`,
        "Each figure against its baseline measured in this run; ratios are value / baseline.",
      ]) +
      "\n\nWebhooks: registered at <Medusa>/hooks/vipps/<id> (scripts/demo.sh with VIPPS_WEBHOOK_BASE_URL, " +
      "which medusa-config.ts passes as webhookBaseUrl; checked again with POST /admin/vipps/webhooks).\n"
  )
}

main().then(
  () => process.exit(0),
  async (error) => {
    console.error(error)
    await shutdown(1)
  }
)
