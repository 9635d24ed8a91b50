/**
 * One run of the reconciliation job, as `npx medusa exec` runs it in a fresh process (the crash
 * tests' "restart and run the job"). It first waits until the movements the killed process left
 * are older than the grace period (twice the longest live Vipps call), exactly as the scheduled
 * job would find them, then prints the run's report on one line.
 *   CRASH_KILLED_AT=<ms epoch> npx medusa exec ./integration-tests/crash/reconcile-once.ts
 */
import type { ExecArgs } from "@medusajs/framework/types"
import { movementGraceMs, reconcileVippsPayments } from "../../src/reconciliation"
import { listVippsProviders } from "../../src/sales-units"

export default async function reconcileOnce({ container }: ExecArgs) {
  const providers = (await listVippsProviders(container)).map((p) => p.provider)
  const wait = Number(process.env.CRASH_KILLED_AT ?? 0) + movementGraceMs(providers) + 1000 - Date.now()
  if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait))
  const report = await reconcileVippsPayments(container)
  console.log(`RECONCILE_REPORT ${JSON.stringify(report)}`)
}
