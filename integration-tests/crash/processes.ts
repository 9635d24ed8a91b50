import { ChildProcess, spawn } from "node:child_process"
import fs from "node:fs"
import path from "node:path"
import { freePort } from "../helpers/free-port"

/**
 * Real processes for the crash tests: each in its own process group (detached), so a SIGKILL
 * reaches `medusa start` and whatever it forked, and nothing else. Output goes to a log file.
 */
export const ROOT = path.resolve(__dirname, "../..")
export const LOG_DIR = path.join(ROOT, "test-results/crash/logs")
const BIN = (name: string) => path.join(ROOT, "node_modules/.bin", name)

export type Group = { name: string; pid: number; child: ChildProcess; exited: Promise<number | null>; log: string }

const running = new Set<Group>()

export function start(name: string, command: string, args: string[], env: Record<string, string>): Group {
  fs.mkdirSync(LOG_DIR, { recursive: true })
  const log = path.join(LOG_DIR, `${name}.log`)
  const out = fs.openSync(log, "a")
  const child = spawn(command.includes("/") ? command : BIN(command), args, {
    cwd: ROOT,
    env: { ...process.env, ...env },
    detached: true,
    stdio: ["ignore", out, out],
  })
  fs.closeSync(out)
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)))
  const group: Group = { name, pid: child.pid!, child, exited, log }
  running.add(group)
  exited.then(() => running.delete(group))
  return group
}

/** Runs a command to its end (its own group, bounded); rejects with the log's tail on failure. */
export async function run(name: string, command: string, args: string[], env: Record<string, string>, timeoutMs = 180_000): Promise<string> {
  const group = start(name, command, args, env)
  const timer = setTimeout(() => kill(group, "SIGKILL"), timeoutMs)
  const code = await group.exited
  clearTimeout(timer)
  const output = fs.readFileSync(group.log, "utf8")
  if (code !== 0) throw new Error(`${name} exited with ${code}:\n${output.split("\n").slice(-40).join("\n")}`)
  return output
}

/** Signals the whole process group of `group`. */
export function kill(group: Group, signal: NodeJS.Signals) {
  try {
    process.kill(-group.pid, signal)
  } catch {
    // already gone
  }
}

/** SIGTERM, then SIGKILL after `graceMs`; resolves when the group leader exited. */
export async function stop(group: Group, graceMs = 10_000) {
  kill(group, "SIGTERM")
  const timer = setTimeout(() => kill(group, "SIGKILL"), graceMs)
  await group.exited
  clearTimeout(timer)
  kill(group, "SIGKILL") // children the leader left behind
}

/** Stops every group these tests started (afterAll backstop). */
export async function stopAll() {
  await Promise.all([...running].map((g) => stop(g, 5_000)))
}

export { freePort }

/** Polls `url` until it answers 2xx; fails early when `group` died. */
export async function waitForHttp(url: string, group: Group, timeoutMs = 180_000) {
  const deadline = Date.now() + timeoutMs
  let dead = false
  group.exited.then(() => (dead = true))
  while (Date.now() < deadline) {
    if (dead) throw new Error(`${group.name} exited before ${url} answered:\n${tail(group.log)}`)
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(2000) })
      if (res.ok) return
    } catch {
      // not yet
    }
    await sleep(300)
  }
  throw new Error(`${url} did not answer within ${timeoutMs} ms:\n${tail(group.log)}`)
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

export function tail(file: string, lines = 40) {
  try {
    return fs.readFileSync(file, "utf8").split("\n").filter((l) => !l.includes('"level":"http"')).slice(-lines).join("\n")
  } catch {
    return ""
  }
}
