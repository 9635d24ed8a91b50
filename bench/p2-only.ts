/**
 * P2 alone (not part of `npm run bench`): starts the same stack as bench/run.ts (Redis if there
 * is a redis-server), registers the webhooks, and measures session creation and complete for
 * BENCH_P2_CARTS carts per provider, twice: webhooks delivered (as in the full bench), then
 * dropped by the sandbox (what the CREATED webhook's processing costs the checkout).
 * `npx ts-node --transpile-only bench/p2-only.ts`
 */
import { sandboxControl } from "./lib/sandbox"
import { startStack } from "./lib/stack"
import { startRedis, type Redis } from "./lib/redis"
import { connectStore } from "./lib/store"
import { jsonApi } from "./lib/http"
import { registerWebhooks } from "./p1-calls"
import { measureP2 } from "./p2-checkout"

const n = Number(process.env.BENCH_P2_CARTS ?? 30)
const log = (line: string) => console.error(`[p2] ${line}`)
let stop: (() => Promise<void>) | undefined
let redis: Redis | undefined
process.on("SIGINT", async () => { await stop?.(); await redis?.stop(); process.exit(130) })

async function main() {
  if (process.env.BENCH_NO_REDIS !== "1") redis = await startRedis().catch(() => undefined)
  const s = await startStack({ startupTimeoutMs: 480_000, log, onSpawn: (f) => (stop = f), env: redis ? { REDIS_URL: redis.url } : {} })
  try {
    const sandbox = sandboxControl(s.sandboxUrl)
    const demo = await connectStore(s.medusaUrl, s.publishableKey, sandbox)
    await registerWebhooks(demo, s.medusaUrl)
    const control = jsonApi(s.sandboxUrl, () => ({}))
    for (const mode of (process.env.P2_MODES ?? "deliver,drop,deliver").split(",")) {
      await control.post("/_sandbox/webhooks/mode", { mode })
      const r = await measureP2(demo, n, 300_000)
      const ratio = (r.vipps.sessionP50 / r.system.sessionP50).toFixed(2)
      console.log(`webhooks ${mode}: session p50 vipps ${r.vipps.sessionP50.toFixed(1)} ms, system ${r.system.sessionP50.toFixed(1)} ms, ratio ${ratio}; complete ${r.vipps.completeP50.toFixed(0)} / ${r.system.completeP50.toFixed(0)} ms; failures ${r.failures.length}`)
    }
  } finally {
    await s.stop()
    await redis?.stop()
  }
}
main().then(() => process.exit(0), async (e) => { console.error(e); await stop?.(); await redis?.stop(); process.exit(1) })
