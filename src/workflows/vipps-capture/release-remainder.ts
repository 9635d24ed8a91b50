import { WorkflowResponse, createWorkflow, transform } from "@medusajs/framework/workflows-sdk"
import { acquireLockStep, releaseLockStep } from "@medusajs/medusa/core-flows"
import { VIPPS_PAYMENT_LOCK_BACKGROUND, vippsPaymentLockKey } from "../../payment-sync"
import type { RemainderRelease } from "./payment-data"
import { findVippsPaymentsStep } from "./steps/find-vipps-payments"
import { releaseRemainderStep } from "./steps/release-remainder"

export const releaseVippsRemainderWorkflowId = "vipps-release-remainder"

/**
 * Releases the uncaptured remainder of an order's Vipps payments (order canceled after a
 * partial capture). Fully captured payments are left to Medusa's refund flow.
 */
export const releaseVippsRemainderWorkflow = createWorkflow(
  releaseVippsRemainderWorkflowId,
  (input: { order_id: string; reason?: RemainderRelease["reason"] }) => {
    const found = findVippsPaymentsStep({ order_id: input.order_id })
    const lockKeys = transform({ found }, ({ found }) => found.payment_ids.map(vippsPaymentLockKey))
    acquireLockStep({ key: lockKeys, ...VIPPS_PAYMENT_LOCK_BACKGROUND })
    const released = releaseRemainderStep(
      transform({ found, input }, ({ found, input }) => ({ payment_ids: found.payment_ids, reason: input.reason ?? ("order_canceled" as const) }))
    )
    releaseLockStep({ key: lockKeys })
    return new WorkflowResponse(released)
  }
)
