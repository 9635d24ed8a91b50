import { MedusaError } from "@medusajs/framework/utils"
import { vippsErrorOf } from "../../providers/vipps/medusa-error"

export { vippsErrorOf }

/**
 * Vipps gave a final answer (a 4xx with or without a code): repeating the same request with
 * the same key repeats that answer. Timeouts, network errors and 5xx after our retries are
 * not final: the operation may have happened, so the key must be kept.
 */
export function isFinalRejection(error: unknown): boolean {
  const vipps = vippsErrorOf(error)
  return !!vipps && vipps.kind === "http" && !vipps.retryable
}

/** A sentence a merchant can act on. */
export function merchantMessageOf(error: unknown): string {
  const vipps = vippsErrorOf(error)
  if (vipps) return vipps.merchantMessage
  if (error instanceof MedusaError || error instanceof Error) return error.message
  return String(error)
}
