import { PaymentEvents } from "@medusajs/framework/utils"
import { WorkflowResponse, createWorkflow, transform, when } from "@medusajs/framework/workflows-sdk"
import { acquireLockStep, emitEventStep, releaseLockStep } from "@medusajs/medusa/core-flows"
import { VIPPS_PAYMENT_LOCK_BACKGROUND, vippsPaymentLockKey } from "../../payment-sync"
import { captureAtVippsStep } from "./steps/capture-at-vipps"
import { findVippsPaymentsStep } from "./steps/find-vipps-payments"
import { planAuthorizationCaptureStep } from "./steps/plan-authorization-capture"
import { recordCaptureStep } from "./steps/record-capture"
import { isSkipped } from "./types"

export const captureVippsAuthorizationWorkflowId = "vipps-capture-authorization"

/** `capture: "authorization"`: the whole authorized amount right after the order is placed (digital goods). */
export const captureVippsAuthorizationWorkflow = createWorkflow(
  captureVippsAuthorizationWorkflowId,
  (input: { order_id: string }) => {
    const found = findVippsPaymentsStep({ order_id: input.order_id })
    const lockKeys = transform({ found }, ({ found }) => found.payment_ids.map(vippsPaymentLockKey))
    acquireLockStep({ key: lockKeys, ...VIPPS_PAYMENT_LOCK_BACKGROUND })

    const plan = planAuthorizationCaptureStep(
      transform({ found }, ({ found }) => ({ order_id: found.order_id, payment_ids: found.payment_ids }))
    )
    const recorded = recordCaptureStep(plan)
    const result = captureAtVippsStep({ plan, recorded })
    // Only what Vipps confirmed: a capture still in progress is announced by nobody (the job finishes it).
    when({ result }, ({ result }) => result.captured > 0).then(() => {
      const paymentId = transform({ plan }, ({ plan }) => (isSkipped(plan) ? undefined : plan.payment_id))
      emitEventStep({ eventName: PaymentEvents.CAPTURED, data: { id: paymentId } })
    })

    releaseLockStep({ key: lockKeys })
    return new WorkflowResponse({ plan, recorded, result })
  }
)
