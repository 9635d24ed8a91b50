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

/** Runs `fn`; whatever it throws is rethrown as an INVALID_DATA MedusaError with the same message. */
export function invalidDataOnThrow<T>(fn: () => T): T {
  try {
    return fn()
  } catch (error) {
    throw new MedusaError(MedusaError.Types.INVALID_DATA, (error as Error).message)
  }
}

/** Runs a Vipps call; a Vipps error becomes a MedusaError carrying its readable message. */
export async function withMedusaErrors<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn()
  } catch (error) {
    throw isVippsError(error) ? toMedusaError(error) : error
  }
}
