import type { MedusaContainer } from "@medusajs/framework/types"
import { reconcileVippsPayments } from "../reconciliation"

/** Every minute: no Vipps payment stays pending because a webhook was late or lost. */
export default async function reconcileVippsPaymentsJob(container: MedusaContainer) {
  await reconcileVippsPayments(container)
}

export const config = {
  name: "reconcile-vipps-payments",
  schedule: "* * * * *",
}
