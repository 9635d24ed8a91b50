import type { ExecArgs } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { listVippsProviders } from "../sales-units"
import { registerWebhook } from "../webhooks"

/**
 * Registers the store's Vipps MobilePay webhooks for every Vipps provider registration:
 *   npx medusa exec ./node_modules/medusa-payment-vipps/.medusa/server/src/scripts/register-vipps-webhooks.js [force]
 * Repeating it changes nothing unless `force` (new secret, old registration removed). `medusa exec`
 * passes positional arguments only (it refuses `--force` as an unknown option).
 */
export default async function registerVippsWebhooks({ container, args }: ExecArgs) {
  const logger = container.resolve(ContainerRegistrationKeys.LOGGER)
  const force = (args ?? []).some((a) => a === "force" || a === "--force")
  for (const { id } of await listVippsProviders(container)) {
    try {
      const status = await registerWebhook(container, id, { force })
      logger.info(`Vipps MobilePay webhooks for ${id}: ${status.status} at ${status.url}`)
    } catch (error) {
      logger.error(`Vipps MobilePay webhooks for ${id} not registered: ${(error as Error).message}`)
    }
  }
}
