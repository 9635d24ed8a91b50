/**
 * P2: what the Vipps provider adds to a checkout, against Medusa's pp_system_default in the same
 * store and region: p50 of payment-session creation and of cart completion over up to N carts
 * each (bounded in time), one at a time, the two providers alternating so machine noise hits
 * both alike. The carts (items, address, shipping, payment collection) are prepared before,
 * untimed.
 */
import { percentile, runLoad } from "./lib/http"
import { SYSTEM_DEFAULT, VIPPS, type Checkout, type DemoStore } from "./lib/store"

export type P2Result = {
  n: number
  vipps: { sessionP50: number; completeP50: number; count: number }
  system: { sessionP50: number; completeP50: number; count: number }
  failures: string[]
  references: string[]
  checkouts: number
}

export async function measureP2(demo: DemoStore, n: number, maxMs: number): Promise<P2Result> {
  await demo.enableSystemDefault()
  const started = Date.now()
  const carts: { cartId: string; collectionId: string }[] = []
  const warmUp = 2
  // Preparing a cart is about as much work as paying it: half of the time for each.
  await runLoad(2 * (n + warmUp), 4, maxMs / 2, async () => {
    carts.push(await demo.cartReadyToPay())
    return true
  })
  const runs: Record<string, Checkout[]> = { [VIPPS]: [], [SYSTEM_DEFAULT]: [] }
  const failures: string[] = []
  let checkouts = 0
  for (let i = 0; i + 1 < carts.length && Date.now() - started < maxMs; i += 2) {
    const pair = i % 4 ? [SYSTEM_DEFAULT, VIPPS] : [VIPPS, SYSTEM_DEFAULT]
    for (const [k, provider] of pair.entries()) {
      const result = await demo.pay(carts[i + k], provider)
      checkouts++
      if (i < 2 * warmUp) continue // warm-up, not counted
      if (result.error) failures.push(`${provider}: ${result.error}`)
      else runs[provider].push(result)
    }
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
    failures,
    references: runs[VIPPS].map((c) => c.reference as string),
    checkouts,
  }
}
