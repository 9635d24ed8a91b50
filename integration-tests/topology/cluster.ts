import { spawn, type ChildProcess } from "node:child_process"
import fs from "node:fs"
import path from "node:path"
import axios, { type AxiosInstance } from "axios"
import pg from "pg"
import { SandboxControl, eventually } from "../helpers/sandbox"
import { VippsTap, WebhookRouter, type TappedCall } from "./proxies"
import { freePort } from "../helpers/free-port"

/**
 * Medusa's production topology as real processes on 127.0.0.1: the Vipps sandbox, one worker
 * and two servers (`medusa start`, medusa-config.ts at the repo root) on one fresh PostgreSQL
 * database and the Redis of REDIS_URL (scripts/with-redis.mjs provides one). Every process runs
 * in its own process group, which `stop()` ends; logs go to test-results/topology/logs.
 */
const REPO = path.resolve(__dirname, "../..")
const MEDUSA = path.join(REPO, "node_modules/@medusajs/cli/cli.js")
const LOGS = path.join(REPO, "test-results/topology/logs")
/** This run's logs (one directory per run: two runs at once never mix their logs); the 3 newest are kept. */
export const LOG_DIR = path.join(LOGS, `${new Date().toISOString().replace(/[:.]/g, "-")}-${process.pid}`)
export const ADMIN = { email: "admin@vipps.test", password: "supersecret-admin" } // what helpers/store logs in with
const BOOT_TIMEOUT_MS = 240_000

export { freePort }

/** One OS process in its own process group, its output in a log file. */
export class Proc {
  child?: ChildProcess
  readonly logFile: string

  constructor(readonly name: string, private command: string[], private env: NodeJS.ProcessEnv) {
    this.logFile = path.join(LOG_DIR, `${name}.log`)
  }

  start() {
    const out = fs.openSync(this.logFile, "a")
    this.child = spawn(process.execPath, this.command, { cwd: REPO, env: this.env, detached: true, stdio: ["ignore", out, out] })
    fs.closeSync(out)
    return this
  }

  get running() {
    return !!this.child && this.child.exitCode === null && this.child.signalCode === null
  }

  /** Resolves with the exit code once the process ended. */
  exited(): Promise<number | null> {
    const child = this.child
    if (!child || child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child?.exitCode ?? null)
    return new Promise((resolve) => child.once("exit", (code) => resolve(code)))
  }

  signalGroup(signal: NodeJS.Signals) {
    if (!this.child?.pid) return
    try {
      process.kill(-this.child.pid, signal)
    } catch {
      // group already gone
    }
  }

  /** kill -9 of the whole group, no shutdown of any kind. */
  async kill9() {
    this.signalGroup("SIGKILL")
    await this.exited()
  }

  /** SIGTERM to the group, SIGKILL to whatever is left after 10 s. */
  async stop() {
    if (!this.child) return
    this.signalGroup("SIGTERM")
    await Promise.race([this.exited(), new Promise((r) => setTimeout(r, 10_000))])
    this.signalGroup("SIGKILL")
  }

  /** The log so far, without the per-request http lines. */
  log(): string {
    return fs.existsSync(this.logFile) ? fs.readFileSync(this.logFile, "utf8") : ""
  }

  /** The log's JSON messages (Medusa logs JSON lines when NODE_ENV is not development). */
  messages(): { level: string; message: string }[] {
    return this.log()
      .split("\n")
      .flatMap((line) => {
        try {
          const entry = JSON.parse(line)
          return entry && typeof entry.message === "string" ? [entry] : []
        } catch {
          return []
        }
      })
  }
}

/** A `medusa start` process: server, worker or shared. */
export class MedusaProc extends Proc {
  readonly url: string
  readonly api: AxiosInstance

  constructor(name: string, readonly port: number, env: NodeJS.ProcessEnv) {
    super(name, [MEDUSA, "start", "--port", String(port), "--host", "127.0.0.1"], env)
    this.url = `http://127.0.0.1:${port}`
    this.api = axios.create({ baseURL: this.url })
  }

  async ready(timeoutMs = BOOT_TIMEOUT_MS) {
    const deadline = Date.now() + timeoutMs
    while (Date.now() < deadline) {
      if (!this.running) throw new Error(`${this.name} exited during boot; log: ${this.logFile}\n${this.log().slice(-3000)}`)
      const ok = await axios.get(`${this.url}/health`, { timeout: 2000 }).then(() => true, () => false)
      if (ok) return this
      await new Promise((r) => setTimeout(r, 500))
    }
    throw new Error(`${this.name} not ready after ${timeoutMs} ms; log: ${this.logFile}`)
  }
}

/** The environment every Medusa process of the run shares (medusa-config.ts reads it). */
export function baseEnv(dbName: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env }
  for (const name of ["NODE_OPTIONS", "TEST_TYPE", "JEST_WORKER_ID", "DATABASE_URL"]) delete env[name]
  return {
    ...env,
    // "test": JSON logs and non-Secure cookies; "production" would refuse the demo secrets.
    NODE_ENV: "test",
    DB_HOST: process.env.DB_HOST || "localhost",
    DB_USERNAME: process.env.DB_USERNAME || "postgres",
    DB_NAME: dbName,
    MEDUSA_ADMIN_DISABLED: "true",
    VIPPS_TIMEOUT_MS: "2000",
    VIPPS_RETRY_BASE_MS: "50",
  }
}

function pgClient(database = "postgres") {
  return new pg.Client({
    host: process.env.DB_HOST || "localhost",
    port: Number(process.env.DB_PORT || 5432),
    user: process.env.DB_USERNAME || "postgres",
    password: process.env.DB_PASSWORD || undefined,
    database,
  })
}

export async function sql<T = any>(dbName: string, text: string, params: unknown[] = []): Promise<T[]> {
  const client = pgClient(dbName)
  await client.connect()
  try {
    return (await client.query(text, params)).rows
  } finally {
    await client.end()
  }
}

async function run(proc: Proc) {
  const code = await proc.start().exited()
  if (code !== 0) throw new Error(`${proc.name} failed (exit ${code}); log: ${proc.logFile}\n${proc.log().slice(-3000)}`)
}

export type Cluster = {
  dbName: string
  sandbox: SandboxControl
  worker: MedusaProc
  serverA: MedusaProc
  serverB: MedusaProc
  router: WebhookRouter
  taps: Record<"worker" | "serverA" | "serverB", VippsTap>
  /** Vipps calls of all processes, in the order they were made. */
  vippsCalls: () => TappedCall[]
  /** Starts a further Medusa process on the run's database (e.g. a misconfigured one). */
  medusa: (name: string, env: NodeJS.ProcessEnv) => Promise<MedusaProc>
  /** kill -9 of the worker's process group, then a new worker (same port, same tap); `worker` is the new one. */
  crashAndRestartWorker: () => Promise<MedusaProc>
  stop: () => Promise<void>
}

export async function startCluster(): Promise<Cluster> {
  const redisUrl = process.env.REDIS_URL
  if (!redisUrl) throw new Error("REDIS_URL is not set: run the topology tests through `node scripts/with-redis.mjs -- …` (scripts/test.sh does)")
  fs.mkdirSync(LOG_DIR, { recursive: true })
  const runs = fs.readdirSync(LOGS).map((name) => path.join(LOGS, name)).filter((dir) => fs.statSync(dir).isDirectory())
  for (const old of runs.sort().slice(0, -3)) fs.rmSync(old, { recursive: true, force: true })

  const started: Proc[] = []
  const closers: (() => Promise<void>)[] = []
  const dbName = `vipps_topology_${Date.now().toString(36)}_${process.pid}`
  const stop = async () => {
    await Promise.all(started.map((p) => p.stop()))
    await Promise.all(closers.map((c) => c().catch(() => {})))
    await sql("postgres", `DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`).catch(() => {})
  }
  try {
    const [sandboxPort, workerPort, portA, portB] = await Promise.all([freePort(), freePort(), freePort(), freePort()])
    const env = baseEnv(dbName)
    const sandboxProc = new Proc("sandbox", ["-r", "ts-node/register/transpile-only", "src/sandbox/bin.ts", "--port", String(sandboxPort)], env)
    started.push(sandboxProc.start())
    await sql("postgres", `CREATE DATABASE "${dbName}"`)

    const sandboxUrl = `http://127.0.0.1:${sandboxPort}`
    const sandbox = new SandboxControl(sandboxUrl)
    const taps = {
      worker: await new VippsTap("worker", sandboxUrl).start(),
      serverA: await new VippsTap("serverA", sandboxUrl).start(),
      serverB: await new VippsTap("serverB", sandboxUrl).start(),
    }
    closers.push(...Object.values(taps).map((t) => () => t.stop()))
    const router = await new WebhookRouter({ A: `http://127.0.0.1:${portA}`, B: `http://127.0.0.1:${portB}` }).start()
    closers.push(() => router.stop())

    const redisEnv = { ...env, REDIS_URL: redisUrl }
    await eventually(async () => (await sandbox.http.get("/_sandbox/health")).status === 200, 60_000)
    await run(new Proc("migrate", [MEDUSA, "db:migrate", "--execute-safe-links", "--execute-safe-search"], redisEnv))

    const medusa = async (name: string, extra: NodeJS.ProcessEnv) => {
      const proc = new MedusaProc(name, extra.PORT ? Number(extra.PORT) : await freePort(), { ...redisEnv, ...extra })
      started.push(proc.start())
      return proc
    }
    const withTap = (mode: string, tap: VippsTap) => ({ MEDUSA_WORKER_MODE: mode, VIPPS_ENVIRONMENT: tap.url })
    // Every Medusa process creates the default store at boot (createDefaultsWorkflow); on a new
    // database two doing it at once can fail on a unique constraint (seen in CI: the worker died in
    // create-stores -> update-price-preferences). The worker boots first, as in a deploy.
    const worker = await (await medusa("worker", { ...withTap("worker", taps.worker), PORT: String(workerPort) })).ready()
    const serverA = await medusa("serverA", { ...withTap("server", taps.serverA), PORT: String(portA) })
    const serverB = await medusa("serverB", { ...withTap("server", taps.serverB), PORT: String(portB) })
    await Promise.all([
      run(new Proc("create-admin", [MEDUSA, "user", "-e", ADMIN.email, "-p", ADMIN.password], redisEnv)),
      serverA.ready(),
      serverB.ready(),
    ])
    const cluster: Cluster = {
      dbName,
      sandbox,
      worker,
      serverA,
      serverB,
      router,
      taps,
      vippsCalls: () => [...taps.worker.calls, ...taps.serverA.calls, ...taps.serverB.calls].sort((a, b) => a.seq - b.seq),
      medusa: async (name, extra) => (await medusa(name, extra)).ready(),
      crashAndRestartWorker: async () => {
        await cluster.worker.kill9()
        cluster.worker = await (await medusa(`worker-restarted-${Date.now()}`, { ...withTap("worker", taps.worker), PORT: String(workerPort) })).ready()
        return cluster.worker
      },
      stop,
    }
    return cluster
  } catch (error) {
    await stop()
    throw error
  }
}
