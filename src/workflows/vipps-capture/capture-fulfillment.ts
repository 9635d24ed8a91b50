import { PaymentEvents } from "@medusajs/framework/utils"
import { WorkflowResponse, createWorkflow, transform, when } from "@medusajs/framework/workflows-sdk"
import { acquireLockStep, emitEventStep, releaseLockStep } from "@medusajs/medusa/core-flows"
import type { FulfillmentTrigger } from "../../capture"
import { VIPPS_PAYMENT_LOCK_BACKGROUND, vippsPaymentLockKey } from "../../payment-sync"
import { captureAtVippsStep } from "./steps/capture-at-vipps"
import { findVippsPaymentsStep } from "./steps/find-vipps-payments"
import { planFulfillmentCaptureStep } from "./steps/plan-fulfillment-capture"
import { recordCaptureStep } from "./steps/record-capture"
import { releaseRemainderStep } from "./steps/release-remainder"
import { isSkipped } from "./types"

export type CaptureVippsFulfillmentInput = {
  fulfillment_id: string
  /** The event that fired. Omit it to retry a failed capture (the configured trigger applies). */
  trigger?: FulfillmentTrigger
}

export const captureVippsFulfillmentWorkflowId = "vipps-capture-fulfillment"

/**
 * Captures at Vipps what one fulfilment is worth (the exact rest if it completes the order),
 * once per fulfilment, and records it in Medusa without a second provider call. Running it
 * again for the same fulfilment does nothing; after a failure it retries.
 */
export const captureVippsFulfillmentWorkflow = createWorkflow(
  captureVippsFulfillmentWorkflowId,
  (input: CaptureVippsFulfillmentInput) => {
    const found = findVippsPaymentsStep({ fulfillment_id: input.fulfillment_id })
    const lockKeys = transform({ found }, ({ found }) => found.payment_ids.map(vippsPaymentLockKey))
    acquireLockStep({ key: lockKeys, ...VIPPS_PAYMENT_LOCK_BACKGROUND })

    const planInput = transform({ input, found }, ({ input, found }) => ({
      fulfillment_id: input.fulfillment_id,
      trigger: input.trigger,
      order_id: found.order_id,
      payment_ids: found.payment_ids,
    }))
    const plan = planFulfillmentCaptureStep(planInput)
    const recorded = recordCaptureStep(plan)
    const result = captureAtVippsStep({ plan, recorded })

    // The completing fulfilment captured all the order is worth: release what stays reserved.
    // While its capture is in progress (6280, 5xx) the release waits for it: the reconciliation
    // job releases once it finished the capture (Vipps would release the capture's money too).
    const release = transform({ plan, recorded }, ({ plan, recorded }) =>
      !isSkipped(plan) && plan.completes && recorded.release > 0 ? [plan.payment_id] : []
    )
    when({ release }, ({ release }) => release.length > 0).then(() => {
      releaseRemainderStep({ payment_ids: release, reason: "order_completed" })
    })
    // Only what Vipps confirmed: a capture still in progress is announced by nobody (the job finishes it).
    when({ result }, ({ result }) => result.captured > 0).then(() => {
      const paymentId = transform({ plan }, ({ plan }) => (isSkipped(plan) ? undefined : plan.payment_id))
      emitEventStep({ eventName: PaymentEvents.CAPTURED, data: { id: paymentId } })
    })

    releaseLockStep({ key: lockKeys })
    return new WorkflowResponse({ plan, recorded, result })
  }
)
