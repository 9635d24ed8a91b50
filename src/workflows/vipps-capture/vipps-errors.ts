import { MedusaError } from "@medusajs/framework/utils"
import { isFinalRejection, vippsErrorOf } from "../../providers/vipps/medusa-error"

// A final answer (4xx) vs. one that may have happened (timeout, network, 5xx): see medusa-error.
export { isFinalRejection, vippsErrorOf }

/** A sentence a merchant can act on. */
export function merchantMessageOf(error: unknown): string {
  const vipps = vippsErrorOf(error)
  if (vipps) return vipps.merchantMessage
  if (error instanceof MedusaError || error instanceof Error) return error.message
  return String(error)
}
