import { StepResponse, createStep } from "@medusajs/framework/workflows-sdk"
import { idempotencyKey } from "../../../vipps"
import { attemptFor } from "../payment-data"
import { CapturePlan, SkippedPlan, captureSource } from "../types"
import { captureOptionFor, loadVippsPayment } from "./load-payment"

export type PlanAuthorizationCaptureInput = { order_id?: string; payment_ids: string[] }

/** `capture: "authorization"` (digital goods): the whole authorized amount, once, right after the order is placed. */
export const planAuthorizationCaptureStep = createStep(
  "vipps-plan-authorization-capture",
  async (input: PlanAuthorizationCaptureInput, { container }): Promise<StepResponse<CapturePlan | SkippedPlan>> => {
    const skip = (reason: string) => new StepResponse<CapturePlan | SkippedPlan>({ skip: reason })
    if (!input.order_id || !input.payment_ids.length) return skip("no Vipps payment on this order")
    const payment = await loadVippsPayment(container, input.payment_ids[0])
    if (!payment || payment.canceled) return skip("no live Vipps payment")
    if ((await captureOptionFor(container, payment.provider_id)) !== "authorization") return skip("capture is not \"authorization\"")
    const source = captureSource.authorization()
    if (payment.capture_sources.includes(source)) return skip("captured at authorization already")

    const remaining = payment.authorized - payment.captured
    return new StepResponse<CapturePlan | SkippedPlan>({
      payment_id: payment.id,
      provider_id: payment.provider_id,
      order_id: input.order_id,
      currency: payment.currency,
      reference: payment.reference,
      source,
      trigger: "authorization",
      idempotency_key: idempotencyKey("authcapture", payment.reference, attemptFor(payment.data, source)),
      value: remaining,
      completes: false,
      order_total: payment.authorized,
    })
  }
)
