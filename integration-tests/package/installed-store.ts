import { spawn } from "node:child_process"
import fs from "node:fs"
import os from "node:os"
import path from "node:path"
import { Client } from "pg"
import { freePort } from "../helpers/free-port"

/**
 * A Medusa store outside this repository, made from ./store-template, with the packed plugin
 * installed from its tarball: the commands a merchant runs, as child processes, each in its own
 * process group, bounded in time, and logged to <store>/logs.
 */

const TEMPLATE = path.join(__dirname, "store-template")
const CONSUMER = path.join(__dirname, "consumer")

/** The environment of the test runner without what npm and jest put there for this repository. */
export function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {}
  for (const [name, value] of Object.entries(process.env)) {
    if (/^npm_/i.test(name) || ["NODE_OPTIONS", "INIT_CWD", "TEST_TYPE", "JEST_WORKER_ID", "NODE_ENV"].includes(name)) continue
    env[name] = value
  }
  return { ...env, ...extra }
}

export { freePort }

export type Running = { name: string; pgid: number; output: () => string; exited: Promise<number> }

/** Starts `command` detached (its own process group), logging to <cwd>/logs/<name>.log. */
export function start(name: string, command: string, args: string[], options: { cwd: string; env: NodeJS.ProcessEnv; logDir: string }): Running {
  fs.mkdirSync(options.logDir, { recursive: true })
  const log = fs.createWriteStream(path.join(options.logDir, `${name}.log`))
  const child = spawn(command, args, { cwd: options.cwd, env: options.env, detached: true, stdio: ["ignore", "pipe", "pipe"] })
  let output = ""
  const collect = (chunk: Buffer) => {
    output += chunk.toString()
    log.write(chunk)
  }
  child.stdout!.on("data", collect)
  child.stderr!.on("data", collect)
  // The stage's shell script kills whatever is listed here, also when this process dies first.
  if (process.env.PACKAGE_TEST_PIDS) fs.appendFileSync(process.env.PACKAGE_TEST_PIDS, `${child.pid}\n`)
  const exited = new Promise<number>((resolve) => child.on("exit", (code, signal) => { log.end(); resolve(code ?? (signal ? 128 : 0)) }))
  return { name, pgid: child.pid!, output: () => output, exited }
}

export function stop(running: Running | undefined) {
  if (!running) return
  try {
    process.kill(-running.pgid, "SIGKILL")
  } catch {
    // already gone
  }
}

/** Runs a command to its end within `timeoutMs`; throws with the tail of its output if it fails. */
export async function run(name: string, command: string, args: string[], options: { cwd: string; env: NodeJS.ProcessEnv; logDir: string; timeoutMs: number }) {
  const running = start(name, command, args, options)
  let timer: NodeJS.Timeout | undefined
  const timedOut = new Promise<"timeout">((resolve) => (timer = setTimeout(() => resolve("timeout"), options.timeoutMs)))
  const result = await Promise.race([running.exited, timedOut])
  clearTimeout(timer)
  stop(running)
  const tail = running.output().split("\n").slice(-40).join("\n")
  if (result === "timeout") throw new Error(`${name} did not finish within ${options.timeoutMs} ms:\n${tail}`)
  if (result !== 0) throw new Error(`${name} exited with ${result}:\n${tail}`)
  return running.output()
}

/** Writes the template store (and the strict TypeScript consumer) into a new temporary directory. */
export function writeStore(medusaVersion: string, tarball: string): string {
  const parent = process.env.PACKAGE_TEST_WORK ?? os.tmpdir()
  const dir = fs.mkdtempSync(path.join(parent, `store-${medusaVersion}-`))
  fs.cpSync(TEMPLATE, dir, { recursive: true })
  fs.cpSync(CONSUMER, path.join(dir, "type-check"), { recursive: true })
  const manifest = path.join(dir, "package.json")
  fs.writeFileSync(
    manifest,
    fs.readFileSync(manifest, "utf8").replaceAll("__MEDUSA_VERSION__", medusaVersion).replaceAll("__TARBALL__", tarball)
  )
  return dir
}

/** The package.json files of every installed copy of `name` in the store. */
export function installedCopies(storeDir: string, name: string): string[] {
  const found: string[] = []
  const walk = (nodeModules: string, depth: number) => {
    if (depth > 6 || !fs.existsSync(nodeModules)) return
    const candidate = path.join(nodeModules, name, "package.json")
    if (fs.existsSync(candidate)) found.push(candidate)
    for (const entry of fs.readdirSync(nodeModules)) {
      const scoped = entry.startsWith("@") ? fs.readdirSync(path.join(nodeModules, entry)).map((e) => path.join(entry, e)) : [entry]
      for (const pkg of scoped) walk(path.join(nodeModules, pkg, "node_modules"), depth + 1)
    }
  }
  walk(path.join(storeDir, "node_modules"), 0)
  return found
}

/** A fresh database on the test PostgreSQL (DATABASE_URL or DB_HOST/DB_PORT/DB_USERNAME/DB_PASSWORD). */
export async function createDatabase(label: string) {
  const base = process.env.DATABASE_URL
    ? new URL(process.env.DATABASE_URL)
    : new URL(
        `postgres://${encodeURIComponent(process.env.DB_USERNAME ?? "postgres")}${process.env.DB_PASSWORD ? `:${encodeURIComponent(process.env.DB_PASSWORD)}` : ""}` +
          `@${process.env.DB_HOST ?? "localhost"}:${process.env.DB_PORT ?? "5432"}/postgres`
      )
  const name = `vipps_pkg_${label.replace(/\W/g, "_")}_${Date.now().toString(36)}`
  const admin = new URL(base)
  admin.pathname = "/postgres"
  const client = new Client({ connectionString: admin.toString() })
  await client.connect()
  await client.query(`CREATE DATABASE "${name}"`)
  await client.end()
  const url = new URL(base)
  url.pathname = `/${name}`
  return {
    url: url.toString(),
    async drop() {
      const c = new Client({ connectionString: admin.toString() })
      await c.connect()
      await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`).catch(() => undefined)
      await c.end()
    },
  }
}

/** Polls `url` until it answers 200 or the process exits or `timeoutMs` passes. */
export async function waitForHttp(url: string, running: Running, timeoutMs: number) {
  let exitCode: number | undefined
  running.exited.then((code) => (exitCode = code))
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    if (exitCode !== undefined) throw new Error(`${running.name} exited with ${exitCode}:\n${running.output().split("\n").slice(-40).join("\n")}`)
    const ok = await fetch(url).then((r) => r.ok, () => false)
    if (ok) return
    await new Promise((resolve) => setTimeout(resolve, 500))
  }
  throw new Error(`${running.name} did not answer ${url} within ${timeoutMs} ms`)
}
