/**
 * P5: memory of the Medusa server process over many checkouts, the plugin's against Medusa's own.
 * The window opens after P2 warmed the server up. Checkouts then run in blocks (up to `block`
 * each, at `concurrency`; every block gets an equal share of the time bound), alternating Vipps (pp_vipps_vipps: session → sandbox approve → complete) and
 * the baseline pp_system_default (session → complete) in the same store, so that whatever grows
 * with time or with Medusa's own work hits both alike. After every block, once the sandbox is
 * quiet (its webhooks delivered) and the server is idle, RSS (from /proc) and the V8 heap are
 * read after a forced full GC (inspector, HeapProfiler.collectGarbage), and the block's growth
 * is booked to its provider. Each provider's first block is its warm-up (lazy modules, JIT,
 * pools, allocator arenas, first-use caches): growth per 1 000 is the slope of the later blocks,
 * and the cumulative curve per block is kept to tell a plateau from steady growth. If the
 * inspector cannot be opened, RSS is read after a pause without a forced GC, and the result says
 * so.
 */
import fs from "node:fs"
import { percentile, runLoad, sleep } from "./lib/http"
import { openInspector, type Inspector } from "./lib/inspector"
import type { SandboxControl } from "./lib/sandbox"
import { SYSTEM_DEFAULT, VIPPS, type DemoStore } from "./lib/store"

/** Defaults of the environment variables BENCH_P5_CHECKOUTS, _CONCURRENCY, _MAX_S, _BLOCK. */
export const P5_DEFAULTS = { count: 1000, concurrency: 4, maxS: 360, block: 250 }

export type P5Reading = { rssMb: number; heapMb: number }
export type P5Side = {
  provider: string
  ok: number
  failed: number
  seconds: number
  /** Cumulative growth booked to this provider after each of its blocks (first entry: 0 checkouts). */
  curve: { checkouts: number; rssMb: number; heapMb: number }[]
  /**
   * Growth per 1 000 after the warm-up block (slope of the later blocks), and over all blocks;
   * with a single block there is no later part, and both are over that block (warmUpExcluded false).
   */
  rssPerThousand: number
  heapPerThousand: number
  rssPerThousandAll: number
  heapPerThousandAll: number
  warmUpExcluded: boolean
  /** Server CPU (user + system) per checkout, and the p50 of a whole checkout at `concurrency`. */
  cpuMsPerCheckout: number
  checkoutP50Ms: number
  firstError?: string
}
export type P5Result = {
  forcedGc: boolean
  note?: string
  concurrency: number
  block: number
  seconds: number
  start: P5Reading
  end: P5Reading
  vipps: P5Side
  system: P5Side
}

function rssMb(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, "utf8")
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1]) / 1024
}

/** utime + stime of `pid` in ms (clock ticks are 100 Hz on Linux). */
function cpuMs(pid: number): number {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8")
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ")
  return (Number(fields[11]) + Number(fields[12])) * 10
}

async function settle(pid: number, inspector: Inspector | undefined): Promise<P5Reading> {
  let heapMb = NaN
  if (inspector) {
    for (let i = 0; i < 3; i++) await inspector.call("HeapProfiler.collectGarbage")
    const { result } = await inspector.call("Runtime.evaluate", { expression: "process.memoryUsage().heapUsed", returnByValue: true })
    heapMb = Number(result.value) / 1024 / 1024
  }
  await sleep(1000)
  return { rssMb: rssMb(pid), heapMb }
}

export type P5Options = {
  /** Checkouts per provider (the baseline gets as many as Vipps). */
  count: number
  concurrency: number
  /** Bound for the whole window (both providers); blocks are cut short when it is reached. */
  maxMs: number
  block?: number
  log?: (line: string) => void
  /** Called after the last reading, before the inspector is closed (e.g. for a heap snapshot). */
  onEnd?: (inspector: Inspector | undefined) => Promise<void>
}

/** Opens the window (first forced GC, reading "start"): returns `close`, which runs the blocks. */
export async function openMemoryWindow(sandbox: SandboxControl, pid: number, inspectorPort: number) {
  let inspector: Inspector | undefined
  let note: string | undefined
  try {
    inspector = await openInspector(pid, inspectorPort)
    await inspector.call("HeapProfiler.enable")
  } catch (error) {
    note = `no forced GC (${(error as Error).message})`
  }
  await sandbox.quiescent(2000, 30_000)
  const start = await settle(pid, inspector)

  return async function close(demo: DemoStore, options: P5Options): Promise<P5Result> {
    const block = options.block ?? P5_DEFAULTS.block
    const log = options.log ?? (() => {})
    const started = Date.now()
    const deadline = started + options.maxMs
    try {
      await demo.enableBaselines()
      type Acc = { ok: number; failed: number; seconds: number; cpu: number; latencies: number[]; curve: P5Side["curve"]; firstError?: string }
      const acc: Record<string, Acc> = {}
      for (const p of [VIPPS, SYSTEM_DEFAULT]) acc[p] = { ok: 0, failed: 0, seconds: 0, cpu: 0, latencies: [], curve: [{ checkouts: 0, rssMb: 0, heapMb: 0 }] }
      let last = start
      let unbooked = 0 // growth while a block was cut short with no checkout done (none expected)
      const rounds = Math.ceil(options.count / block)
      for (let b = 0; b < rounds && Date.now() < deadline; b++) {
        // Alternate which provider goes first, so neither always follows the other.
        const order = b % 2 ? [SYSTEM_DEFAULT, VIPPS] : [VIPPS, SYSTEM_DEFAULT]
        for (const provider of order) {
          const a = acc[provider]
          const n = Math.min(block, options.count - a.ok - a.failed)
          if (n <= 0 || Date.now() >= deadline) continue
          const cpuBefore = cpuMs(pid)
          // Every planned block gets an equal share of the time left (readings included), so a
          // slow machine cuts all blocks short alike: the providers stay balanced and the curve
          // keeps its points.
          const blocksLeft = 2 * rounds - (2 * b + (provider === order[0] ? 0 : 1))
          const load = await runLoad(n, options.concurrency, (deadline - Date.now()) / Math.max(1, blocksLeft), async () => {
            const t = Date.now()
            const checkout = await demo.checkout(provider)
            a.latencies.push(Date.now() - t)
            if (!checkout.orderId) a.firstError ??= checkout.error
            return !!checkout.orderId
          })
          a.seconds += load.seconds
          const blockCpu = cpuMs(pid) - cpuBefore
          a.cpu += blockCpu
          a.ok += load.ok
          a.failed += load.failed
          a.firstError ??= load.firstError
          // The block's webhooks delivered and processed (the sandbox quiet), then the reading.
          await sandbox.quiescent(2000, 60_000)
          const reading = await settle(pid, inspector)
          const prev = a.curve[a.curve.length - 1]
          if (load.count) a.curve.push({ checkouts: a.ok, rssMb: prev.rssMb + reading.rssMb - last.rssMb, heapMb: prev.heapMb + reading.heapMb - last.heapMb })
          else unbooked += reading.rssMb - last.rssMb
          last = reading
          log(`${provider}: ${a.ok} checkouts (${a.failed} failed), block ${load.ok} in ${load.seconds.toFixed(0)} s (${load.perSecond.toFixed(2)}/s, server CPU ${(blockCpu / Math.max(1, load.count)).toFixed(0)} ms each); RSS ${reading.rssMb.toFixed(1)} MB, heap ${reading.heapMb.toFixed(1)} MB after GC`)
        }
      }
      await options.onEnd?.(inspector)
      if (unbooked) log(`(${unbooked.toFixed(1)} MB RSS growth in blocks without checkouts, booked to neither)`)
      const side = (provider: string): P5Side => {
        const a = acc[provider]
        const { curve } = a
        const lastPoint = curve[curve.length - 1]
        // The slope after the warm-up block; with only one block there is no later part.
        const from = curve.length > 2 ? curve[1] : curve[0]
        const perThousand = (d: number, n: number) => (n > 0 ? (d / n) * 1000 : NaN)
        return {
          provider,
          ok: a.ok,
          failed: a.failed,
          seconds: a.seconds,
          curve,
          rssPerThousand: perThousand(lastPoint.rssMb - from.rssMb, lastPoint.checkouts - from.checkouts),
          heapPerThousand: perThousand(lastPoint.heapMb - from.heapMb, lastPoint.checkouts - from.checkouts),
          rssPerThousandAll: perThousand(lastPoint.rssMb, lastPoint.checkouts),
          heapPerThousandAll: perThousand(lastPoint.heapMb, lastPoint.checkouts),
          warmUpExcluded: curve.length > 2,
          cpuMsPerCheckout: a.cpu / Math.max(1, a.ok + a.failed),
          checkoutP50Ms: percentile(a.latencies, 50),
          firstError: a.firstError,
        }
      }
      return {
        forcedGc: !!inspector,
        note,
        concurrency: options.concurrency,
        block,
        seconds: (Date.now() - started) / 1000,
        start,
        end: last,
        vipps: side(VIPPS),
        system: side(SYSTEM_DEFAULT),
      }
    } finally {
      inspector?.close()
    }
  }
}
