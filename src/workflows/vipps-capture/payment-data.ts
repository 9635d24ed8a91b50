import type { IPaymentModuleService } from "@medusajs/framework/types"
import type { DeferredRelease, RemainderReleaseReason } from "../../reconciliation"

/**
 * What the capture workflows add to a Vipps payment's `data` (next to the provider's own
 * fields), so the merchant and the admin widget can see what happened and why.
 * The provider spreads the stored data into everything it returns, so these survive.
 */
export type CaptureFailure = {
  /** The capture this was for: `vipps:fulfillment:<id>` or `vipps:authorization`. */
  source: string
  fulfillment_id?: string
  trigger: string
  /** Minor units. */
  amount: number
  currency: string
  /** Vipps error code (e.g. 6260), when Vipps gave one. */
  code?: string
  status?: number
  /** Readable for the merchant: what happened and what to do. */
  message: string
  trace_id?: string
  idempotency_key: string
  /** Vipps answered with a final rejection: a retry needs a new idempotency key. */
  definitive: boolean
  at: string
  /** Set when a later attempt for the same source succeeded. */
  resolved_at?: string
}

export type RemainderRelease = {
  /** Minor units released at Vipps. */
  amount: number
  currency: string
  reason: RemainderReleaseReason
  at: string
}

export type CaptureRecord = {
  source: string
  fulfillment_id?: string
  trigger: string
  amount: number
  currency: string
  idempotency_key: string
  capture_id: string
  at: string
}

export type VippsCaptureData = {
  capture_failures?: CaptureFailure[]
  captures_by_plugin?: CaptureRecord[]
  remainder_released?: RemainderRelease[]
  release_failures?: { reason: string; message: string; code?: string; trace_id?: string; at: string }[]
  /** A release that waits for the payment's capture in progress (the reconciliation job does it). */
  remainder_release_after_capture?: DeferredRelease
  [key: string]: unknown
}

/** Read-modify-write of a payment's data (callers hold the payment lock). */
export async function updatePaymentData(
  paymentModule: IPaymentModuleService,
  paymentId: string,
  change: (data: VippsCaptureData) => VippsCaptureData
): Promise<VippsCaptureData> {
  const payment = await paymentModule.retrievePayment(paymentId, { select: ["id", "data"] })
  const data = change({ ...((payment.data ?? {}) as VippsCaptureData) })
  await paymentModule.updatePayment({ id: paymentId, data } as Parameters<IPaymentModuleService["updatePayment"]>[0])
  return data
}

/** How many final rejections this source had: the next attempt's number (part of its idempotency key). */
export function attemptFor(data: VippsCaptureData | undefined, source: string): number {
  return (data?.capture_failures ?? []).filter((f) => f.source === source && f.definitive).length
}
