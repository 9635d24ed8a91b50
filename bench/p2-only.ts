/**
 * P2 alone (not part of `npm run bench`): starts the same stack as bench/run.ts (Redis if there
 * is a redis-server), registers the webhooks, and measures session creation and complete for
 * BENCH_P2_CARTS carts per provider, per mode of P2_MODES: webhooks delivered (as in the full
 * bench), or dropped by the sandbox (what the deliveries after approval cost the next checkouts;
 * CREATED is not subscribed, so none arrives during session creation).
 * `npx ts-node --transpile-only bench/p2-only.ts`
 * P2_PROFILE=<dir>: CPU-profiles the Medusa server (through its inspector) during each mode's
 * measurement, writes <dir>/p2-<mode>-<i>.cpuprofile and prints where the CPU time went.
 */
import fs from "node:fs"
import path from "node:path"
import { openInspector, type Inspector } from "./lib/inspector"
import { summarize, type CpuProfile } from "./lib/cpuprofile"
import { jsonApi } from "./lib/http"
import { runStandalone } from "./lib/standalone"
import { measureP2 } from "./p2-checkout"
import { cpuTimes, stealSince } from "./lib/steal"

const n = Number(process.env.BENCH_P2_CARTS ?? 30)
const log = (line: string) => console.error(`[p2] ${line}`)

runStandalone(log, async ({ stack: s, sandbox, demo }) => {
  let inspector: Inspector | undefined
  try {
    const control = jsonApi(s.sandboxUrl, () => ({}))
    const profileDir = process.env.P2_PROFILE
    if (profileDir) {
      fs.mkdirSync(profileDir, { recursive: true })
      inspector = await openInspector(s.serverPid(), s.inspectorPort)
      await inspector.call("Profiler.enable")
      await inspector.call("Profiler.setSamplingInterval", { interval: 200 })
    }
    let createsSeen = 0
    const settles = (process.env.P2_SETTLE_MS ?? "").split(",").filter(Boolean).map(Number)
    for (const [i, mode] of (process.env.P2_MODES ?? "deliver,drop,deliver").split(",").entries()) {
      const settleMs = settles.length ? settles[i % settles.length] : undefined
      await control.post("/_sandbox/webhooks/mode", { mode })
      // Profiled: the checkouts only (not the preparation of the carts).
      const cpu = cpuTimes()
      const r = await measureP2(demo, n, 300_000, { settleMs, beforePay: async () => void (await inspector?.call("Profiler.start")) })
      if (inspector && profileDir) {
        const { profile } = (await inspector.call("Profiler.stop")) as { profile: CpuProfile }
        const file = path.join(profileDir, `p2-${mode}-${i}.cpuprofile`)
        fs.writeFileSync(file, JSON.stringify(profile))
        const sum = summarize(profile, 30)
        const per = (ms: number) => `${ms.toFixed(0)} ms (${(ms / r.checkouts).toFixed(2)} ms/checkout)`
        console.log(`profile ${file}: busy ${per(sum.totalMs)}, idle ${sum.idleMs.toFixed(0)} ms over ${r.checkouts} checkouts`)
        console.log("  self by module:\n" + sum.selfModule.map(([k, v]) => `    ${per(v)}  ${k}`).join("\n"))
        console.log("  inclusive by module:\n" + sum.inclusiveModule.map(([k, v]) => `    ${per(v)}  ${k}`).join("\n"))
        console.log("  inclusive (plugin, axios, zod):\n" + summarize(profile, 100000).inclusive.filter(([k]) => / src\/| axios| zod/.test(k)).slice(0, 40).map(([k, v]) => `    ${per(v)}  ${k}`).join("\n"))
        console.log("  self top:\n" + sum.self.map(([k, v]) => `    ${per(v)}  ${k}`).join("\n"))
      }
      // How long the sandbox took for each create (its own clock, whole ms): the part of the Vipps session that is "Vipps".
      const requests = await sandbox.requests(createsSeen, "/epayment/v1/payments", "POST")
      const creates = requests.filter((q) => q.path === "/epayment/v1/payments").map((q) => q.durationMs)
      createsSeen = Math.max(createsSeen, ...requests.map((q) => q.seq))
      console.log(`sandbox create handling: mean ${(creates.reduce((a, b) => a + b, 0) / (creates.length || 1)).toFixed(2)} ms over ${creates.length} creates (whole ms each)`)
      const ratio = (r.vipps.sessionP50 / r.system.sessionP50).toFixed(2)
      const paired = (1 + r.paired.sessionDiffP50 / r.system.sessionP50).toFixed(2)
      console.log(
        `webhooks ${mode}${settleMs ? `, ${settleMs} ms pause before each checkout` : ""}: session p50 vipps ${r.vipps.sessionP50.toFixed(1)} ms, system ${r.system.sessionP50.toFixed(1)} ms, ratio ${ratio}` +
          ` (p50 of pair differences ${r.paired.sessionDiffP50.toFixed(1)} ms over ${r.paired.pairs} pairs: 1 + diff/system = ${paired});` +
          ` complete ${r.vipps.completeP50.toFixed(0)} / ${r.system.completeP50.toFixed(0)} ms (pair diff ${r.paired.completeDiffP50.toFixed(0)} ms); failures ${r.failures.length}` +
          ` (CPU stolen by the host: ${stealSince(cpu) ?? "n/a"})`
      )
      if (r.floor) {
        const f = r.floor
        console.log(`  floor session p50 ${f.sessionP50.toFixed(1)} ms (floor − system ${f.systemDiffP50.toFixed(1)} ms, vipps − floor ${f.vippsDiffP50.toFixed(1)} ms over ${f.groups} groups)`)
      }
    }
  } finally {
    inspector?.close()
  }
})
