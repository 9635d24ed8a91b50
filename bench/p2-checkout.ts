/**
 * P2: what the Vipps provider adds to a checkout, against Medusa's pp_system_default in the same
 * store and region: p50 of payment-session creation and of cart completion over up to N carts
 * each (bounded in time), one at a time, the two providers alternating so machine noise hits
 * both alike. The carts (items, address, shipping, payment collection) are prepared before,
 * untimed. Besides each side's p50, the p50 of the differences within each pair (the two
 * checkouts of a pair run back to back, under the same load) shows how much of a ratio is the
 * provider and how much is the machine moving between samples.
 */
import { percentile, runLoad, sleep } from "./lib/http"
import { SYSTEM_DEFAULT, VIPPS, type Checkout, type DemoStore } from "./lib/store"

export type P2Result = {
  n: number
  vipps: { sessionP50: number; completeP50: number; count: number }
  system: { sessionP50: number; completeP50: number; count: number }
  /** p50 of (Vipps − pp_system_default) over the pairs, in ms. */
  paired: { sessionDiffP50: number; completeDiffP50: number; pairs: number }
  failures: string[]
  references: string[]
  checkouts: number
}

/** `beforePay`: called once the carts are ready, before the first (warm-up) checkout (e.g. to start a profiler). */
export async function measureP2(
  demo: DemoStore,
  n: number,
  maxMs: number,
  hooks: { beforePay?: () => Promise<void>; settleMs?: number } = {}
): Promise<P2Result> {
  const settleMs = hooks.settleMs ?? Number(process.env.BENCH_P2_SETTLE_MS ?? 0)
  await demo.enableSystemDefault()
  const started = Date.now()
  const carts: { cartId: string; collectionId: string }[] = []
  // Warm-up pairs, not counted: the Vipps path (HTTP client, sandbox) is warmed as much as Medusa's.
  const warmUp = 3
  // Preparing a cart is about as much work as paying it: half of the time for each.
  await runLoad(2 * (n + warmUp), 4, maxMs / 2, async () => {
    carts.push(await demo.cartReadyToPay())
    return true
  })
  const runs: Record<string, Checkout[]> = { [VIPPS]: [], [SYSTEM_DEFAULT]: [] }
  const pairs: Record<string, Checkout>[] = []
  const failures: string[] = []
  let checkouts = 0
  await hooks.beforePay?.()
  for (let i = 0; i + 1 < carts.length && Date.now() - started < maxMs; i += 2) {
    // ABBA: each provider comes first as often as second, and follows each provider as often.
    const pair = i % 4 ? [SYSTEM_DEFAULT, VIPPS] : [VIPPS, SYSTEM_DEFAULT]
    const done: Record<string, Checkout> = {}
    for (const [k, provider] of pair.entries()) {
      if (settleMs) await sleep(settleMs)
      const result = await demo.pay(carts[i + k], provider)
      checkouts++
      if (i < 2 * warmUp) continue // warm-up, not counted
      if (result.error) failures.push(`${provider}: ${result.error}`)
      else (runs[provider].push(result), (done[provider] = result))
    }
    if (done[VIPPS] && done[SYSTEM_DEFAULT]) pairs.push(done)
  }
  const p50s = (list: Checkout[]) => ({
    sessionP50: percentile(list.map((c) => c.sessionMs), 50),
    completeP50: percentile(list.map((c) => c.completeMs), 50),
    count: list.length,
  })
  return {
    n,
    vipps: p50s(runs[VIPPS]),
    system: p50s(runs[SYSTEM_DEFAULT]),
    paired: {
      sessionDiffP50: percentile(pairs.map((p) => p[VIPPS].sessionMs - p[SYSTEM_DEFAULT].sessionMs), 50),
      completeDiffP50: percentile(pairs.map((p) => p[VIPPS].completeMs - p[SYSTEM_DEFAULT].completeMs), 50),
      pairs: pairs.length,
    },
    failures,
    references: runs[VIPPS].map((c) => c.reference as string),
    checkouts,
  }
}
