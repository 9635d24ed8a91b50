import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { PaymentAttemptStore } from "../modules/vipps/payment-attempts"

/**
 * Every 10 minutes: the payments page's open rows (money still reserved, a refused capture, amounts
 * that differ) written again from Medusa's data, 200 a run, least recently written first, so a
 * change no writer saw (a release on order cancel, a movement the reconciliation job finished)
 * reaches the page. Stored data only: no Vipps call.
 */
export default async function vippsPaymentAttemptsJob(container: MedusaContainer) {
  try {
    await PaymentAttemptStore.fromContainer(container)?.refreshOpen()
  } catch (error) {
    container.resolve(ContainerRegistrationKeys.LOGGER).warn(`Vipps MobilePay payments page: refreshing open payments failed: ${(error as Error).message}`)
  }
}

export const config = {
  name: "vipps-payment-attempts",
  schedule: "*/10 * * * *",
}
