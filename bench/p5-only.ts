/**
 * P5 alone (not part of `npm run bench`): starts the same stack as bench/run.ts (Redis if there
 * is a redis-server), registers the webhooks, warms the server up with BENCH_P5_WARMUP checkouts
 * per provider (in the full bench P2 does that; their step timings are printed), then measures
 * P5 exactly as the full bench does (bench/p5-memory.ts) and prints its rows and curves.
 * `npx ts-node --transpile-only bench/p5-only.ts`
 * Environment: BENCH_P5_CHECKOUTS, BENCH_P5_CONCURRENCY, BENCH_P5_MAX_S, BENCH_P5_BLOCK as in
 * bench/run.ts; BENCH_P5_WARMUP (20); BENCH_P5_SNAPSHOTS=<dir>: a heap snapshot of the server
 * at the window's start and end; BENCH_P5_CPUPROF=<file>: a CPU profile of the server over the warm-up (<dir>/p5-start.heapsnapshot, p5-end.heapsnapshot; ~100 MB each).
 */
import fs from "node:fs"
import path from "node:path"
import { percentile, runLoad } from "./lib/http"
import { runStandalone } from "./lib/standalone"
import { openInspector, type Inspector } from "./lib/inspector"
import { SYSTEM_DEFAULT, VIPPS } from "./lib/store"
import { renderTable } from "./lib/table"
import { P5_DEFAULTS, openMemoryWindow } from "./p5-memory"
import { p5Rows } from "./rows"

const num = (name: string, fallback: number) => (process.env[name] ? Number(process.env[name]) : fallback)
const started = Date.now()
const log = (line: string) => console.error(`[p5 ${String(Math.round((Date.now() - started) / 1000)).padStart(3)}s] ${line}`)

async function snapshot(inspector: Inspector | undefined, file: string) {
  if (!inspector) return
  const out = fs.createWriteStream(file)
  const off = inspector.on("HeapProfiler.addHeapSnapshotChunk", (p) => out.write(p.chunk))
  try {
    await inspector.call("HeapProfiler.takeHeapSnapshot", { reportProgress: false })
  } finally {
    off()
    await new Promise((resolve) => out.end(resolve))
  }
  log(`heap snapshot ${file} (${(fs.statSync(file).size / 1e6).toFixed(0)} MB)`)
}

runStandalone(log, async ({ stack: s, sandbox, demo }) => {
  await demo.enableBaselines()
  const concurrency = num("BENCH_P5_CONCURRENCY", P5_DEFAULTS.concurrency)
  // The first cart creates the guest customer: concurrent first carts race on it.
  await demo.checkout(SYSTEM_DEFAULT)
  const cpuProfile = process.env.BENCH_P5_CPUPROF
  const profiler = cpuProfile ? await openInspector(s.serverPid(), s.inspectorPort) : undefined
  if (profiler) {
    await profiler.call("Profiler.enable")
    await profiler.call("Profiler.setSamplingInterval", { interval: 1000 })
    await profiler.call("Profiler.start")
  }
  for (const provider of [VIPPS, SYSTEM_DEFAULT]) {
    const steps: Record<string, number[]> = { cart: [], session: [], approve: [], complete: [] }
    const load = await runLoad(num("BENCH_P5_WARMUP", 20), concurrency, 120_000, async () => {
      const c = await demo.checkout(provider)
      steps.cart.push(c.cartMs)
      steps.session.push(c.sessionMs)
      if (c.approveMs !== undefined) steps.approve.push(c.approveMs)
      steps.complete.push(c.completeMs)
      return !!c.orderId
    })
    const p50s = Object.entries(steps).filter(([, v]) => v.length).map(([k, v]) => `${k} ${percentile(v, 50).toFixed(0)}`).join(", ")
    log(`warm-up ${provider}: ${load.ok}/${load.count} in ${load.seconds.toFixed(1)} s at c=${concurrency} (${load.perSecond.toFixed(2)}/s); p50 ms: ${p50s}${load.firstError ? `; ${load.firstError}` : ""}`)
  }
  if (profiler && cpuProfile) {
    const { profile } = await profiler.call("Profiler.stop")
    fs.writeFileSync(cpuProfile, JSON.stringify(profile))
    profiler.close()
    log(`CPU profile of the warm-up: ${cpuProfile}`)
  }
  const snapshots = process.env.BENCH_P5_SNAPSHOTS
  if (snapshots) fs.mkdirSync(snapshots, { recursive: true })
  const close = await openMemoryWindow(sandbox, s.serverPid(), s.inspectorPort)
  const result = await close(demo, {
    count: num("BENCH_P5_CHECKOUTS", P5_DEFAULTS.count),
    concurrency,
    maxMs: num("BENCH_P5_MAX_S", P5_DEFAULTS.maxS) * 1000,
    block: num("BENCH_P5_BLOCK", P5_DEFAULTS.block),
    log,
    onEnd: snapshots ? (inspector) => snapshot(inspector, path.join(snapshots, "p5-end.heapsnapshot")) : undefined,
  })
  for (const side of [result.vipps, result.system]) {
    log(`${side.provider}: ${side.ok} ok, ${side.failed} failed, ${side.seconds.toFixed(0)} s, server CPU ${side.cpuMsPerCheckout.toFixed(0)} ms/checkout, checkout p50 ${side.checkoutP50Ms.toFixed(0)} ms; growth (RSS/heap MB) ${side.curve.map((p) => `${p.checkouts}: ${p.rssMb.toFixed(1)}/${p.heapMb.toFixed(1)}`).join(", ")}${side.firstError ? `; first failure ${side.firstError}` : ""}`)
  }
  log(`window ${result.seconds.toFixed(0)} s: RSS ${result.start.rssMb.toFixed(1)} → ${result.end.rssMb.toFixed(1)} MB, heap ${result.start.heapMb.toFixed(1)} → ${result.end.heapMb.toFixed(1)} MB`)
  console.log(renderTable(p5Rows(result), ["P5 alone (bench/p5-only.ts)"]))
})
