/**
 * P2: what the Vipps provider adds to a checkout, against Medusa's pp_system_default in the same
 * store and region: p50 of payment-session creation and of cart completion over up to N carts
 * each (bounded in time), one at a time, the two providers alternating so machine noise hits
 * both alike. The carts (items, address, shipping, payment collection) are prepared before,
 * untimed. Besides each side's p50, the p50 of the differences within each pair (the two
 * checkouts of a pair run back to back, under the same load) shows how much of a ratio is the
 * provider and how much is the machine moving between samples. Where the store has P2's floor
 * (bench/floor-provider: only the create call to Vipps), it takes its turn in each group too, and
 * Vipps − floor is the plugin's own share of a session.
 */
import { percentile, runLoad, sleep } from "./lib/http"
import { FLOOR, SYSTEM_DEFAULT, VIPPS, type Checkout, type DemoStore } from "./lib/store"

export type P2Result = {
  n: number
  vipps: { sessionP50: number; completeP50: number; count: number }
  system: { sessionP50: number; completeP50: number; count: number }
  /** P2's floor (bench/floor-provider), when the store has it: session creation only. */
  floor?: { sessionP50: number; count: number; vippsDiffP50: number; systemDiffP50: number; groups: number }
  /** p50 of (Vipps − pp_system_default) over the pairs, in ms. */
  paired: { sessionDiffP50: number; completeDiffP50: number; pairs: number }
  failures: string[]
  references: string[]
  checkouts: number
}

// The orders of the groups of checkouts, in turn: each provider comes first, second (and third)
// as often, and follows every provider, itself included, as often (a group starts with the
// provider that ended the one before), so the aftermath of one checkout (e.g. its webhooks,
// processed in the same process) lands as often in each provider's next session. ABBA for two.
const ORDERS: Record<number, number[][]> = {
  2: [[0, 1], [1, 0]],
  3: [[0, 1, 2], [2, 0, 1], [1, 2, 0], [0, 2, 1], [1, 0, 2], [2, 1, 0]],
}

/** `beforePay`: called once the carts are ready, before the first (warm-up) checkout (e.g. to start a profiler). */
export async function measureP2(
  demo: DemoStore,
  n: number,
  maxMs: number,
  hooks: { beforePay?: () => Promise<void>; settleMs?: number } = {}
): Promise<P2Result> {
  const settleMs = hooks.settleMs ?? Number(process.env.BENCH_P2_SETTLE_MS ?? 0)
  const { floor } = await demo.enableBaselines()
  const providers = floor ? [VIPPS, SYSTEM_DEFAULT, FLOOR] : [VIPPS, SYSTEM_DEFAULT]
  const size = providers.length
  const started = Date.now()
  const carts: { cartId: string; collectionId: string }[] = []
  // Warm-up groups, not counted: the Vipps path (HTTP client, sandbox) is warmed as much as Medusa's.
  const warmUp = 3
  // Preparing a cart is about as much work as paying it: half of the time for each.
  await runLoad(size * (n + warmUp), 4, maxMs / 2, async () => {
    carts.push(await demo.cartReadyToPay())
    return true
  })
  const runs: Record<string, Checkout[]> = Object.fromEntries(providers.map((p) => [p, []]))
  const groups: Record<string, Checkout>[] = []
  const failures: string[] = []
  let checkouts = 0
  await hooks.beforePay?.()
  for (let g = 0; (g + 1) * size <= carts.length && Date.now() - started < maxMs; g++) {
    const order = ORDERS[size][g % ORDERS[size].length].map((k) => providers[k])
    const done: Record<string, Checkout> = {}
    for (const [k, provider] of order.entries()) {
      if (settleMs) await sleep(settleMs)
      const result = await demo.pay(carts[g * size + k], provider)
      checkouts++
      if (g < warmUp) continue // warm-up, not counted
      if (result.error) failures.push(`${provider}: ${result.error}`)
      else (runs[provider].push(result), (done[provider] = result))
    }
    if (g >= warmUp) groups.push(done)
  }
  const p50s = (list: Checkout[]) => ({
    sessionP50: percentile(list.map((c) => c.sessionMs), 50),
    completeP50: percentile(list.map((c) => c.completeMs), 50),
    count: list.length,
  })
  // p50 of a − b over the groups where both succeeded: the two ran back to back, under the same load.
  const diffs = (a: string, b: string, ms: (c: Checkout) => number) => {
    const both = groups.filter((d) => d[a] && d[b])
    return { p50: percentile(both.map((d) => ms(d[a]) - ms(d[b])), 50), count: both.length }
  }
  const session = (c: Checkout) => c.sessionMs
  const complete = (c: Checkout) => c.completeMs
  const paired = diffs(VIPPS, SYSTEM_DEFAULT, session)
  const aboveFloor = diffs(VIPPS, FLOOR, session)
  return {
    n,
    vipps: p50s(runs[VIPPS]),
    system: p50s(runs[SYSTEM_DEFAULT]),
    floor: floor
      ? {
          sessionP50: p50s(runs[FLOOR]).sessionP50,
          count: runs[FLOOR].length,
          vippsDiffP50: aboveFloor.p50,
          systemDiffP50: diffs(FLOOR, SYSTEM_DEFAULT, session).p50,
          groups: aboveFloor.count,
        }
      : undefined,
    paired: { sessionDiffP50: paired.p50, completeDiffP50: diffs(VIPPS, SYSTEM_DEFAULT, complete).p50, pairs: paired.count },
    failures,
    references: runs[VIPPS].map((c) => c.reference as string),
    checkouts,
  }
}
