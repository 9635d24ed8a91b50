/**
 * One more Medusa process for P3: `medusa start` in workerMode "server" (HTTP only, no
 * subscribers, no jobs) on a free 127.0.0.1 port, on the demo stack's database and Redis. The
 * demo's own process (shared mode, the same Redis event bus) is then the worker that processes
 * the deliveries after this server answered 200: Medusa's production topology. Its own process
 * group, stopped after P3; log in the stack's data directory.
 * Options (bench/p3-only.ts): `repo` runs another checkout's code on the same stack (A/B),
 * `inspectPort` lets the inspector be opened there (SIGUSR1, for a CPU profile of the load),
 * `env` adds to its environment, `name` names its log.
 */
import { spawn } from "node:child_process"
import fs from "node:fs"
import path from "node:path"
import { freePort } from "../../integration-tests/helpers/free-port"
import { request, sleep } from "./http"
import type { Stack } from "./stack"

export type ServerProcess = { url: string; logFile: string; pid: number; stop(): Promise<void> }
export type ServerOptions = { repo?: string; inspectPort?: number; env?: Record<string, string>; name?: string }

export async function startServerProcess(stack: Stack, redisUrl: string, timeoutMs: number, options: ServerOptions = {}): Promise<ServerProcess> {
  const port = await freePort()
  const repo = options.repo ?? stack.repo
  const logFile = path.join(stack.dataDir, `${options.name ?? "p3-server"}.log`)
  const env: NodeJS.ProcessEnv = { ...process.env }
  for (const name of ["DATABASE_URL", "NODE_OPTIONS", "VIPPS_RETURN_URL", "STORE_URL"]) delete env[name]
  Object.assign(env, {
    NODE_ENV: "test",
    MEDUSA_WORKER_MODE: "server",
    MEDUSA_ADMIN_DISABLED: "true",
    MEDUSA_DISABLE_TELEMETRY: "true",
    REDIS_URL: redisUrl,
    DB_HOST: stack.db.host,
    DB_PORT: String(stack.db.port),
    DB_USERNAME: stack.db.user,
    DB_PASSWORD: stack.db.password,
    DB_NAME: stack.db.database,
    VIPPS_ENVIRONMENT: stack.sandboxUrl,
    // The same provider options as the demo's process (the registered URL is the demo's).
    VIPPS_WEBHOOK_BASE_URL: stack.medusaUrl,
    ...options.env,
  })
  const out = fs.openSync(logFile, "a")
  const inspect = options.inspectPort ? [`--inspect-port=127.0.0.1:${options.inspectPort}`] : []
  const child = spawn(process.execPath, [...inspect, path.join(repo, "node_modules/@medusajs/cli/cli.js"), "start", "--port", String(port), "--host", "127.0.0.1"], {
    cwd: repo,
    env,
    detached: true,
    stdio: ["ignore", out, out],
  })
  fs.closeSync(out)
  const stop = async () => {
    try {
      process.kill(-(child.pid as number), "SIGTERM")
    } catch {
      return
    }
    for (let i = 0; i < 100 && child.exitCode === null && child.signalCode === null; i++) await sleep(100)
    try {
      process.kill(-(child.pid as number), "SIGKILL")
    } catch {
      // gone
    }
  }
  const url = `http://127.0.0.1:${port}`
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    if (child.exitCode !== null) break
    const ok = await request(`${url}/health`).then((r) => r.status === 200, () => false)
    if (ok) return { url, logFile, pid: child.pid as number, stop }
    await sleep(1000)
  }
  await stop()
  throw new Error(`the P3 server (workerMode "server") did not start within ${timeoutMs / 1000} s; log ${logFile}:\n${fs.readFileSync(logFile, "utf8").split("\n").slice(-20).join("\n")}`)
}
