import { MedusaError } from "@medusajs/framework/utils"
import { VippsError, isVippsError } from "../../vipps"

/**
 * The provider reports Vipps errors to Medusa as MedusaErrors (readable message, right type)
 * and keeps the original VippsError on `.vipps` for code, status and trace id.
 */
export function toMedusaError(error: VippsError): MedusaError {
  const wrapped = new MedusaError(
    error.status === 404 ? MedusaError.Types.NOT_FOUND : MedusaError.Types.UNEXPECTED_STATE,
    error.message
  )
  ;(wrapped as unknown as { vipps: VippsError }).vipps = error
  return wrapped
}

/** The Vipps error behind an error, wrapped by the provider or not. */
export function vippsErrorOf(error: unknown): VippsError | undefined {
  if (isVippsError(error)) return error
  return (error as { vipps?: VippsError } | undefined)?.vipps
}
