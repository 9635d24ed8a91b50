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

/**
 * Vipps gave a final answer (a 4xx): repeating the same request with the same key repeats it.
 * Timeouts, network errors and 5xx after our retries are not final: the operation may have
 * happened, so the key (and the pending movement record) must be kept.
 */
export function isFinalRejection(error: unknown): boolean {
  const vipps = vippsErrorOf(error)
  return !!vipps && vipps.kind === "http" && !vipps.retryable
}

/** One line for a movement record's last_error: message, code, trace id. */
export function errorSummary(error: unknown): string {
  const vipps = vippsErrorOf(error)
  if (!vipps) return (error as Error)?.message ?? String(error)
  return [vipps.merchantMessage, vipps.code && `code ${vipps.code}`, vipps.traceId && `trace ${vipps.traceId}`].filter(Boolean).join("; ")
}
