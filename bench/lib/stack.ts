/**
 * The demo stack for the benchmark, started the way scripts/test-browser.sh does: scripts/demo.sh
 * --built-admin (admin built once, cached in .cache/browser-admin; `medusa start`, no file
 * watcher) on free 127.0.0.1 ports in a throwaway data directory, with its own sandbox and
 * embedded PostgreSQL. Stopped through its process group; the directory is removed.
 */
import { spawn, execFileSync, type ChildProcess } from "node:child_process"
import fs from "node:fs"
import os from "node:os"
import path from "node:path"
import { request, sleep } from "./http"
import { freePort } from "../../integration-tests/helpers/free-port"

export type Stack = {
  medusaUrl: string
  sandboxUrl: string
  dataDir: string
  repo: string
  /** Where the server's inspector listens once it is activated (SIGUSR1). */
  inspectorPort: number
  publishableKey: string
  db: { host: string; port: number; user: string; password: string; database: string }
  /** pid of the process that serves Medusa's HTTP port. */
  serverPid(): number
  stop(): Promise<void>
}

export { freePort }

function listenerPid(port: number): number {
  const out = execFileSync("ss", ["-ltnpH", `sport = :${port}`], { encoding: "utf8" })
  const match = /pid=(\d+)/.exec(out)
  if (!match) throw new Error(`nothing listens on port ${port}`)
  return Number(match[1])
}

function groupAlive(pgid: number) {
  try {
    process.kill(-pgid, 0)
    return true
  } catch {
    return false
  }
}

async function stopGroup(child: ChildProcess, log: (line: string) => void) {
  const pgid = child.pid
  if (!pgid || !groupAlive(pgid)) return
  // demo.sh stops the storefront, Medusa, PostgreSQL (cleanly) and the sandbox on SIGTERM.
  process.kill(pgid, "SIGTERM")
  const deadline = Date.now() + 90_000
  while (groupAlive(pgid) && Date.now() < deadline) await sleep(200)
  if (groupAlive(pgid)) {
    log("the demo stack did not stop within 90 s: killing its process group")
    process.kill(-pgid, "SIGKILL")
  }
}

export async function startStack(options: {
  startupTimeoutMs: number
  log: (line: string) => void
  /** Gets `stop` as soon as the stack is spawned, so an interrupt during startup can stop it. */
  onSpawn?: (stop: () => Promise<void>) => void
  /** Extra environment for the stack (e.g. REDIS_URL: Medusa's Redis modules, see medusa-config.ts). */
  env?: Record<string, string>
}): Promise<Stack> {
  const repo = path.resolve(__dirname, "../..")
  const [medusaPort, storefrontPort, sandboxPort, inspectorPort] = [await freePort(), await freePort(), await freePort(), await freePort()]
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "vipps-bench-"))
  fs.chmodSync(dataDir, 0o755) // the embedded PostgreSQL runs as "postgres" when we are root

  const env: NodeJS.ProcessEnv = { ...process.env }
  // Only this throwaway stack: no external database, no other Vipps API, no developer settings.
  for (const name of ["DATABASE_URL", "DB_HOST", "DB_PORT", "DB_USERNAME", "DB_PASSWORD", "DB_NAME", "VIPPS_ENVIRONMENT", "VIPPS_RETURN_URL", "STORE_URL", "STORE_CORS", "ADMIN_CORS", "AUTH_CORS", "DEMO_NO_SERVE", "DEMO_APP_DIR"]) {
    delete env[name]
  }
  delete env.REDIS_URL
  Object.assign(env, options.env ?? {})
  env.DEMO_ADMIN_DIR = path.join(repo, ".cache/browser-admin")
  // Where the webhooks point: medusa-config.ts passes it as webhookBaseUrl, demo.sh registers it.
  env.VIPPS_WEBHOOK_BASE_URL = `http://127.0.0.1:${medusaPort}`
  // P2's floor provider (medusa-config.ts registers it only when this is set).
  env.BENCH_FLOOR_PROVIDER = path.join(repo, "bench/floor-provider")
  // The inspector port is set for every node process of the stack but opened only in the
  // server, and only when the bench sends it SIGUSR1 (for a forced GC in P5).
  env.NODE_OPTIONS = [process.env.NODE_OPTIONS, `--inspect-port=127.0.0.1:${inspectorPort}`].filter(Boolean).join(" ")

  const logFile = path.join(dataDir, "demo.log")
  const out = fs.openSync(logFile, "a")
  const child = spawn(
    "bash",
    ["scripts/demo.sh", "--built-admin", "--data-dir", dataDir, "--port", String(medusaPort), "--storefront-port", String(storefrontPort), "--sandbox-port", String(sandboxPort)],
    { cwd: repo, env, detached: true, stdio: ["ignore", out, out] }
  )
  fs.closeSync(out)
  options.log(`demo stack starting: Medusa :${medusaPort}, sandbox :${sandboxPort}, data ${dataDir} (log ${logFile})`)

  let stopped = false
  const stop = async () => {
    if (stopped) return
    stopped = true
    await stopGroup(child, options.log)
    if (process.env.BENCH_KEEP === "1") options.log(`kept ${dataDir} (BENCH_KEEP=1)`)
    else fs.rmSync(dataDir, { recursive: true, force: true })
  }

  options.onSpawn?.(stop)

  const deadline = Date.now() + options.startupTimeoutMs
  try {
    while (!fs.existsSync(path.join(dataDir, "ready"))) {
      if (child.exitCode !== null || Date.now() > deadline) {
        const tail = fs.readFileSync(logFile, "utf8").split("\n").slice(-40).join("\n")
        throw new Error(`the demo stack ${child.exitCode !== null ? "stopped" : "was not ready in time"}; its log ends with:\n${tail}`)
      }
      await sleep(1000)
    }
    const health = await request(`http://127.0.0.1:${medusaPort}/health`)
    if (health.status !== 200) throw new Error(`Medusa /health answered ${health.status}`)
  } catch (error) {
    await stop()
    throw error
  }

  const pgPort = Number(fs.readFileSync(path.join(dataDir, "db/port"), "utf8"))
  return {
    medusaUrl: `http://127.0.0.1:${medusaPort}`,
    sandboxUrl: `http://127.0.0.1:${sandboxPort}`,
    dataDir,
    repo,
    inspectorPort,
    publishableKey: fs.readFileSync(path.join(dataDir, "publishable-key"), "utf8").trim(),
    db: { host: "localhost", port: pgPort, user: "postgres", password: "postgres", database: "medusa-vipps-demo" },
    serverPid: () => listenerPid(medusaPort),
    stop,
  }
}
