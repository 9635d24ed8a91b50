import type { ExecArgs } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { PaymentAttemptStore } from "../modules/vipps/payment-attempts"

/**
 * Payments page (issue 23): fills `vipps_payment_attempt` with the Vipps payments made before
 * the plugin kept it, from Medusa's payment sessions, payments, carts and orders. Run once per
 * database by `medusa db:migrate` (Medusa's migration scripts, after the migrations created the
 * table), 500 sessions per statement; safe to run again (upserts by reference).
 */
export default async function backfillVippsPaymentAttempts({ container }: ExecArgs) {
  const logger = container.resolve(ContainerRegistrationKeys.LOGGER)
  const store = PaymentAttemptStore.fromContainer(container)
  if (!store) return
  const written = await store.backfillAll()
  logger.info(`Vipps MobilePay payments page: ${written} payment attempt(s) recorded from Medusa's payment sessions.`)
}
