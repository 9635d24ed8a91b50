/**
 * The life of a one-goal runner (bench/p2-only.ts, p3-only.ts, p5-only.ts): Redis when there is
 * a redis-server (required: the runner fails without one), the demo stack with its webhooks
 * registered, the runner's body, then everything stopped — also on Ctrl-C and on a failure —
 * and the process's exit code. `onStop` adds what the body started itself (more servers).
 */
import { startRedis, type Redis } from "./redis"
import { sandboxControl, type SandboxControl } from "./sandbox"
import { startStack, type Stack } from "./stack"
import { connectStore, type DemoStore } from "./store"
import { registerWebhooks } from "../p1-calls"

export type Standalone = { stack: Stack; sandbox: SandboxControl; demo: DemoStore; redis?: Redis; onStop: (stop: () => Promise<unknown>) => void }

export function runStandalone(log: (line: string) => void, body: (run: Standalone) => Promise<void>, options: { redis?: "optional" | "required" } = {}) {
  const stops: (() => Promise<unknown>)[] = []
  let stopStack: (() => Promise<void>) | undefined
  let redis: Redis | undefined
  const shutdown = async (code: number) => {
    for (const stop of stops.reverse()) await stop().catch(() => {})
    await stopStack?.().catch(() => {})
    await redis?.stop().catch(() => {})
    process.exit(code)
  }
  process.on("SIGINT", () => void shutdown(130))
  process.on("SIGTERM", () => void shutdown(143))

  const main = async () => {
    if (options.redis === "required") redis = await startRedis()
    else if (process.env.BENCH_NO_REDIS !== "1") redis = await startRedis().catch(() => undefined)
    const stack = await startStack({ startupTimeoutMs: 480_000, log, onSpawn: (f) => (stopStack = f), env: redis ? { REDIS_URL: redis.url } : {} })
    const sandbox = sandboxControl(stack.sandboxUrl)
    const demo = await connectStore(stack.medusaUrl, stack.publishableKey, sandbox)
    await registerWebhooks(demo, stack.medusaUrl)
    await body({ stack, sandbox, demo, redis, onStop: (stop) => stops.push(stop) })
  }
  main().then(
    () => shutdown(0),
    async (error) => {
      console.error(error)
      await shutdown(1)
    }
  )
}
