/**
 * P4: the cost of one reconciliation run. K Vipps payments are left pending (session created,
 * shopper never decides) among the completed ones; bench/p4-reconcile-exec.ts then runs
 * inside the store (`medusa exec`, its own process group, bounded in time) at 1 000 and
 * 100 000 completed payment sessions.
 */
import { spawn } from "node:child_process"
import fs from "node:fs"
import path from "node:path"
import { sleep } from "./lib/http"
import type { CallCounts } from "./lib/sandbox"
import type { Stack } from "./lib/stack"
import { VIPPS, type DemoStore } from "./lib/store"

export type P4Run = { size: number; sessions: number; pending: number; ms: number; reads: number; calls: CallCounts; seqScan: boolean | null; executionMs: number; plan: string; sql: string | null }
export type P4Result = { pendingCreated: number; runs: P4Run[] }

export async function measureP4(stack: Stack, demo: DemoStore, pending: number, timeoutMs: number, log: (line: string) => void): Promise<P4Result> {
  for (let i = 0; i < pending; i++) await demo.checkout(VIPPS, { approve: false })

  const out = path.join(stack.dataDir, "p4.json")
  const logFile = path.join(stack.dataDir, "p4-exec.log")
  const fd = fs.openSync(logFile, "a")
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DB_HOST: stack.db.host,
    DB_PORT: String(stack.db.port),
    DB_USERNAME: stack.db.user,
    DB_PASSWORD: stack.db.password,
    DB_NAME: stack.db.database,
    VIPPS_ENVIRONMENT: stack.sandboxUrl,
    BENCH_SANDBOX_URL: stack.sandboxUrl,
    BENCH_P4_OUT: out,
    MEDUSA_DISABLE_TELEMETRY: "true",
  }
  delete env.DATABASE_URL
  const child = spawn(path.join(stack.repo, "node_modules/.bin/medusa"), ["exec", "./bench/p4-reconcile-exec.ts"], {
    cwd: stack.repo,
    env,
    detached: true,
    stdio: ["ignore", fd, fd],
  })
  fs.closeSync(fd)
  // If the bench is interrupted meanwhile, the exec (its own process group) goes with it.
  const killGroup = () => {
    try {
      process.kill(-(child.pid as number), "SIGKILL")
    } catch {
      // already gone
    }
  }
  process.once("exit", killGroup)
  log(`P4: medusa exec ./bench/p4-reconcile-exec.ts (log ${logFile})`)
  const exited = new Promise<number>((resolve) => child.on("exit", (code) => resolve(code ?? 1)))
  const code = await Promise.race([exited, sleep(timeoutMs).then(() => -1)])
  process.removeListener("exit", killGroup)
  killGroup() // on a timeout the exec itself, else anything it left behind in its group
  if (code === -1) throw new Error(`P4: medusa exec did not finish within ${timeoutMs / 1000} s (log ${logFile})`)
  if (code !== 0 || !fs.existsSync(out)) {
    const tail = fs.readFileSync(logFile, "utf8").split("\n").slice(-30).join("\n")
    throw new Error(`P4: medusa exec failed (exit ${code}):\n${tail}`)
  }
  return { pendingCreated: pending, runs: JSON.parse(fs.readFileSync(out, "utf8")).runs }
}
