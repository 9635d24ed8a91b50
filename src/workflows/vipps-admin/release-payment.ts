import { WorkflowResponse, createWorkflow, transform } from "@medusajs/framework/workflows-sdk"
import { acquireLockStep, releaseLockStep } from "@medusajs/medusa/core-flows"
import { VIPPS_PAYMENT_LOCK, vippsPaymentLockKey } from "../../payment-sync"
import type { RemainderRelease } from "../vipps-capture/payment-data"
import { releaseRemainderStep } from "../vipps-capture/steps/release-remainder"

export const releaseVippsPaymentWorkflowId = "vipps-admin-release-payment"

/**
 * The admin's "release the remaining reservation" for one payment: the same step the order
 * cancel flow uses (it records the release on the payment), under the same per-payment lock
 * as fulfilment captures, so a release never interleaves with a capture.
 */
export const releaseVippsPaymentWorkflow = createWorkflow(
  releaseVippsPaymentWorkflowId,
  (input: { payment_id: string }) => {
    const key = transform({ input }, ({ input }) => vippsPaymentLockKey(input.payment_id))
    acquireLockStep({ key, ...VIPPS_PAYMENT_LOCK })
    const released = releaseRemainderStep(
      transform({ input }, ({ input }) => ({ payment_ids: [input.payment_id], reason: "admin" as RemainderRelease["reason"] }))
    )
    releaseLockStep({ key })
    return new WorkflowResponse(released)
  }
)
