/**
 * P3 alone (not part of `npm run bench`): the same stack as bench/run.ts (private Redis, demo
 * process as the worker, a workerMode "server" process for the intake, bench/lib/server.ts), a
 * few Vipps checkouts for payments to deliver webhooks about, then `measureP3` P3_ROUNDS times
 * (3). Per round it also prints where the CPU went during the webhook load (server, worker,
 * PostgreSQL, Redis, this load generator, whole machine: seconds and ms per delivery) and
 * Medusa's own webhook route as the floor.
 * `npx ts-node --transpile-only bench/p3-only.ts`
 *
 * Environment:
 *   BENCH_P3_COUNT (3000), BENCH_P3_MAX_S (15), P3_ROUNDS (3), P3_CONCURRENCY (16; the goal's)
 *   P3_SERVERS="a=/path/to/checkout,b=/other" — one server process per checkout (its src on the
 *     same stack; a checkout needs node_modules), measured in turn each round (A/B interleaved).
 *     Default: this checkout only. Each server gets P3_VARIANT=<name> in its environment (for
 *     an experiment copy whose src switches on it; never in this repository's src).
 *   P3_PAUSED=1 — each round also measures with the worker stopped (SIGSTOP) during the load,
 *     i.e. intake without the processing competing for the CPU (not the goal's figure).
 *   P3_PROFILE=1 — CPU profile of the first server during each round's webhook load (inspector),
 *     written to P3_PROFILE_DIR (/tmp), summarised: self time by origin, top functions.
 *     P3_PROFILE=worker profiles the worker (the demo's process) instead, over the same window.
 */
import { execFileSync } from "node:child_process"
import fs from "node:fs"
import path from "node:path"
import { runStandalone } from "./lib/standalone"
import { freePort } from "./lib/stack"
import { startServerProcess } from "./lib/server"
import { openInspector, type Inspector } from "./lib/inspector"
import { VIPPS } from "./lib/store"
import { measureP3, type P3Result } from "./p3-webhooks"
import { fmt } from "./lib/table"

const num = (name: string, fallback: number) => (process.env[name] ? Number(process.env[name]) : fallback)
const log = (line: string) => console.error(`[p3 ${new Date().toISOString().slice(11, 19)}] ${line}`)

function listenerPid(port: string | number): number {
  const out = execFileSync("ss", ["-ltnpH", `sport = :${port}`], { encoding: "utf8" })
  const match = /pid=(\d+)/.exec(out)
  if (!match) throw new Error(`nothing listens on port ${port}`)
  return Number(match[1])
}

/** CPU seconds (user + system) of these pids and, with `children`, of their direct children. */
function cpuSeconds(pids: number[], children = false): number {
  const tick = 100
  const all = new Set(pids)
  if (children) {
    for (const entry of fs.readdirSync("/proc")) {
      if (!/^\d+$/.test(entry)) continue
      try {
        const stat = fs.readFileSync(`/proc/${entry}/stat`, "utf8")
        if (all.has(Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]))) all.add(Number(entry))
      } catch {
        // gone
      }
    }
  }
  let total = 0
  for (const pid of all) {
    try {
      const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8")
      const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ")
      total += (Number(f[11]) + Number(f[12])) / tick // utime, stime
    } catch {
      // gone
    }
  }
  return total
}

/** Busy CPU seconds of the whole machine (every core), from /proc/stat. */
function machineBusy(): number {
  const f = fs.readFileSync("/proc/stat", "utf8").split("\n")[0].trim().split(/\s+/).slice(1).map(Number)
  const idle = f[3] + f[4]
  return (f.reduce((a, b) => a + b, 0) - idle) / 100
}

type Pids = Record<string, { pids: number[]; children?: boolean }>
function cpuSnapshot(pids: Pids) {
  const out: Record<string, number> = { "load generator (this process)": process.cpuUsage().user / 1e6 + process.cpuUsage().system / 1e6, machine: machineBusy() }
  for (const [name, p] of Object.entries(pids)) out[name] = cpuSeconds(p.pids, p.children)
  return out
}

type Profile = { nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; hitCount?: number }[]; startTime: number; endTime: number; samples: number[]; timeDeltas: number[] }

function origin(url: string, fn: string): string {
  if (!url) return fn.startsWith("(") ? fn : "(native/V8)"
  if (url.startsWith("node:")) return "Node.js core"
  const nm = url.lastIndexOf("node_modules/")
  if (nm < 0) return url.includes("/src/") ? "plugin (src/)" : "other"
  const pkg = url.slice(nm + 13).split("/")
  const name = pkg[0].startsWith("@") ? `${pkg[0]}/${pkg[1]}` : pkg[0]
  if (name.startsWith("@medusajs/")) return `Medusa (${name})`
  if (["express", "body-parser", "router", "raw-body", "qs", "cookie-parser", "cors", "morgan", "on-finished", "finalhandler", "send", "path-to-regexp", "iconv-lite", "type-is", "content-type"].includes(name)) return "express & middleware deps"
  if (["pg", "pg-protocol", "pg-pool", "knex", "@mikro-orm/core", "@mikro-orm/knex", "@mikro-orm/postgresql"].includes(name)) return "pg / knex / MikroORM"
  if (["ioredis", "bullmq", "redis-parser", "cluster-key-slot", "msgpackr"].includes(name)) return "ioredis / bullmq"
  if (name === "zod") return "zod"
  if (name.startsWith("@opentelemetry") || name === "winston" || name.startsWith("winston") || name === "logform") return `${name}`
  return `other deps (${name})`
}

function summarise(profile: Profile, deliveries: number) {
  const dt = new Map<number, number>()
  for (let i = 0; i < profile.samples.length; i++) dt.set(profile.samples[i], (dt.get(profile.samples[i]) ?? 0) + (profile.timeDeltas[i] ?? 0))
  const byOrigin = new Map<string, number>()
  const byFn = new Map<string, number>()
  let total = 0
  for (const node of profile.nodes) {
    const us = dt.get(node.id) ?? 0
    if (!us) continue
    const { functionName, url, lineNumber } = node.callFrame
    if (functionName === "(idle)") continue
    total += us
    const o = origin(url, functionName)
    byOrigin.set(o, (byOrigin.get(o) ?? 0) + us)
    const key = `${functionName || "(anonymous)"} ${url.replace(/^.*node_modules\//, "").replace(/^file:\/\/.*\/src\//, "src/")}:${lineNumber + 1}`
    byFn.set(key, (byFn.get(key) ?? 0) + us)
  }
  const lines = [`busy ${fmt(total / 1000)} ms of ${fmt((profile.endTime - profile.startTime) / 1000)} ms profiled (${fmt(total / 1000 / deliveries, 2)} ms per delivery); self time by origin:`]
  for (const [o, us] of [...byOrigin].sort((a, b) => b[1] - a[1]).slice(0, 14)) lines.push(`  ${((100 * us) / total).toFixed(1).padStart(5)}%  ${fmt(us / 1000 / deliveries, 3)} ms/delivery  ${o}`)
  lines.push("top functions (self):")
  for (const [f, us] of [...byFn].sort((a, b) => b[1] - a[1]).slice(0, 25)) lines.push(`  ${((100 * us) / total).toFixed(1).padStart(5)}%  ${f}`)
  return lines.join("\n")
}

function line(name: string, r: P3Result) {
  const w = r.webhooks
  const f = r.floor
  return (
    `${name}: webhooks ${fmt(w.perSecond, 1)}/s p50 ${fmt(w.p50, 1)} p99 ${fmt(w.p99, 1)} ms (${w.ok} ok${w.failed ? `, ${w.failed} failed: ${w.firstError}` : ""}); ` +
    `/health ${fmt(r.health.perSecond, 1)}/s p99 ${fmt(r.health.p99, 1)} ms; ratio ${(w.perSecond / r.health.perSecond).toFixed(2)}` +
    (f ? `; Medusa /hooks/payment ${fmt(f.perSecond, 1)}/s p99 ${fmt(f.p99, 1)} ms (ratio ${(f.perSecond / r.health.perSecond).toFixed(2)})` : "") +
    (r.drain ? `; processed ${r.drain.processed}/${r.drain.stored} ${fmt(r.drain.seconds, 1)} s after` : "")
  )
}

runStandalone(log, async ({ stack: s, sandbox, demo, redis, onStop }) => {
  if (!redis) throw new Error("P3 alone needs Redis (a workerMode \"server\" process hands deliveries to the worker)")
  const references: string[] = []
  for (let i = 0; i < 6; i++) {
    const c = await demo.checkout(VIPPS)
    if (c.reference) references.push(c.reference)
  }
  log(`${references.length} Vipps payments to deliver webhooks about`)

  const specs = (process.env.P3_SERVERS ?? `this=${s.repo}`).split(",").map((e) => {
    const [name, repo] = e.split("=")
    return { name, repo: path.resolve(repo) }
  })
  const profiling = process.env.P3_PROFILE === "1" || process.env.P3_PROFILE === "worker"
  const profilingWorker = process.env.P3_PROFILE === "worker"
  const inspectPort = profiling && !profilingWorker ? await freePort() : undefined
  const started = await Promise.all(
    specs.map((spec, i) => startServerProcess(s, redis.url, 480_000, { repo: spec.repo, name: `p3-server-${spec.name}`, env: { P3_VARIANT: spec.name }, inspectPort: i === 0 ? inspectPort : undefined }))
  )
  for (const server of started) onStop(() => server.stop())
  log(`servers: ${specs.map((spec, i) => `${spec.name} ${started[i].url} (${spec.repo})`).join(", ")}`)

  const workerPid = s.serverPid()
  const pids: Pids = {
    worker: { pids: [workerPid] },
    postgres: { pids: [listenerPid(s.db.port)], children: true },
    redis: { pids: [listenerPid(new URL(redis.url).port)] },
  }
  let inspector: Inspector | undefined
  if (profiling) {
    inspector = profilingWorker ? await openInspector(workerPid, s.inspectorPort) : await openInspector(listenerPid(new URL(started[0].url).port), inspectPort!)
    await inspector.call("Profiler.enable")
    await inspector.call("Profiler.setSamplingInterval", { interval: 200 })
  }

  const load = { concurrency: num("P3_CONCURRENCY", 16), count: num("BENCH_P3_COUNT", 3000), maxMs: num("BENCH_P3_MAX_S", 15) * 1000 }
  const rounds = num("P3_ROUNDS", 3)
  const variants = [false, ...(process.env.P3_PAUSED === "1" ? [true] : [])]
  for (let round = 1; round <= rounds; round++) {
    for (const [i, spec] of specs.entries()) {
      for (const paused of variants) {
        const server = started[i]
        const serverPid = listenerPid(new URL(server.url).port)
        const profile = profiling && i === 0 && !paused
        let before: Record<string, number> = {}
        let after: Record<string, number> = {}
        let profileResult: Profile | undefined
        const perRequest: Record<string, number> = {}
        const r = await measureP3(s, sandbox, references, {
          ...load,
          serverUrl: server.url,
          duringLoad: {
            before: async () => {
              if (paused) process.kill(workerPid, "SIGSTOP")
              if (profile) await inspector!.call("Profiler.start")
              before = cpuSnapshot({ server: { pids: [serverPid] }, ...pids })
            },
            after: async () => {
              after = cpuSnapshot({ server: { pids: [serverPid] }, ...pids })
              if (profile) profileResult = (await inspector!.call("Profiler.stop")).profile
              if (paused) process.kill(workerPid, "SIGCONT")
            },
          },
          around: async (load, run) => {
            const t = cpuSeconds([serverPid])
            const result = await run()
            perRequest[load] = ((cpuSeconds([serverPid]) - t) * 1000) / (result.count || 1)
            return result
          },
        })
        const name = `round ${round} ${spec.name}${paused ? " (worker paused)" : ""}`
        console.log(line(name, r))
        console.log(
          `  server CPU per request: /health ${fmt(perRequest.health, 3)} ms, webhook ${fmt(perRequest.webhooks, 3)} ms (${fmt(perRequest.webhooks / perRequest.health, 1)}×), ` +
            `Medusa /hooks/payment ${fmt(perRequest.floor, 3)} ms (${fmt(perRequest.floor / perRequest.health, 1)}×)`
        )
        const n = r.webhooks.count || 1
        console.log(
          `  CPU during the webhook load (${fmt(r.webhooks.seconds, 1)} s): ` +
            Object.keys(after)
              .map((k) => `${k} ${fmt(after[k] - before[k], 2)} s (${fmt(((after[k] - before[k]) * 1000) / n, 2)} ms/delivery)`)
              .join(", ")
        )
        if (profileResult) {
          const file = path.join(process.env.P3_PROFILE_DIR ?? "/tmp", `p3-${profilingWorker ? "worker" : spec.name}-round${round}.cpuprofile`)
          fs.writeFileSync(file, JSON.stringify(profileResult))
          console.log(`  profile ${file}\n` + summarise(profileResult, n).replace(/^/gm, "  "))
        }
      }
    }
  }
  inspector?.close()
}, { redis: "required" })
