/**
 * P5: memory of the Medusa server process over many checkouts. RSS (from /proc) and the V8
 * heap are read after a forced full GC (inspector, HeapProfiler.collectGarbage) when the window
 * opens (after P2 warmed the server up) and after a bounded number of Vipps checkouts (their
 * webhooks processed), and scaled to 1 000 checkouts. If the inspector cannot be opened,
 * RSS is read after a pause without a forced GC, and the result says so.
 */
import fs from "node:fs"
import { runLoad, sleep } from "./lib/http"
import { openInspector, type Inspector } from "./lib/inspector"
import type { SandboxControl } from "./lib/sandbox"
import { VIPPS, type DemoStore } from "./lib/store"

export type P5Result = { checkouts: number; failed: number; rssBeforeMb: number; rssAfterMb: number; heapBeforeMb: number; heapAfterMb: number; forcedGc: boolean; note?: string }

function rssMb(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, "utf8")
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1]) / 1024
}

async function settle(pid: number, inspector: Inspector | undefined) {
  let heapMb = NaN
  if (inspector) {
    for (let i = 0; i < 3; i++) await inspector.call("HeapProfiler.collectGarbage")
    const { result } = await inspector.call("Runtime.evaluate", { expression: "process.memoryUsage().heapUsed", returnByValue: true })
    heapMb = Number(result.value) / 1024 / 1024
  }
  await sleep(1000)
  return { rss: rssMb(pid), heapMb }
}

/** Opens the window: returns `close` that runs the checkouts and reads again. */
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
  const before = await settle(pid, inspector)

  return async function close(demo: DemoStore, extra: { count: number; concurrency: number; maxMs: number }): Promise<P5Result> {
    try {
      const load = await runLoad(extra.count, extra.concurrency, extra.maxMs, async () => !!(await demo.checkout(VIPPS)).orderId)
      await sandbox.quiescent(3000, 60_000)
      const after = await settle(pid, inspector)
      return {
        checkouts: load.ok,
        failed: load.failed,
        rssBeforeMb: before.rss,
        rssAfterMb: after.rss,
        heapBeforeMb: before.heapMb,
        heapAfterMb: after.heapMb,
        forcedGc: !!inspector,
        note: note ?? (load.firstError ? `first failure: ${load.firstError}` : undefined),
      }
    } finally {
      inspector?.close()
    }
  }
}
