// Option errors at boot, said once. Medusa logs a provider's validateOptions error three times
// (the module loader, the module resolution, the start/exec command, the last with a stack),
// so the full message (registration id, each option to fix) is logged here once and what
// Medusa repeats is one short sentence pointing at it.
import { logger as medusaLogger } from "@medusajs/framework/logger"
import { MedusaError } from "@medusajs/framework/utils"
import { VippsOptionsError, parseVippsOptions } from "./options"
import { providerIdForOptions } from "./registration-id"

export const BOOT_STOPPED_MESSAGE =
  "Vipps MobilePay provider options are invalid: the error logged just before this names the provider and each option to fix."

type ErrorLogger = { error(message: string): void }

/** Medusa's validateOptions: throws (after logging the readable message once) when the options are invalid. */
export function validateOptionsAtBoot(options: unknown, logger: ErrorLogger = medusaLogger): void {
  try {
    parseVippsOptions(options, providerIdForOptions(options))
  } catch (error) {
    if (!(error instanceof VippsOptionsError)) throw error
    logger.error(error.message)
    throw new MedusaError(MedusaError.Types.INVALID_DATA, BOOT_STOPPED_MESSAGE)
  }
}
