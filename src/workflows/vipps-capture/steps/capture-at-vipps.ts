import { ContainerRegistrationKeys, MedusaError, Modules } from "@medusajs/framework/utils"
import { recordPaymentAttempt } from "../../../modules/vipps/payment-attempts"
import { StepResponse, createStep } from "@medusajs/framework/workflows-sdk"
import { fromMinorUnits } from "../../../vipps"
import { resolveVippsProvider } from "../../../sales-units"
import { readSessionData, withPayment } from "../../../providers/vipps/session-data"
import { CaptureFailure, updatePaymentData } from "../payment-data"
import { CapturePlan, SkippedPlan, isSkipped } from "../types"
import { isFinalRejection, merchantMessageOf, vippsErrorOf } from "../vipps-errors"
import type { RecordedCapture } from "./record-capture"
import { MovementJournal } from "../../../modules/vipps"
import { removeMedusaCapture } from "../../../reconciliation"

export type VippsCaptureResult = {
  /** Minor units Vipps confirmed captured now. */
  captured: number
  aggregate?: { authorized: number; captured: number; refunded: number; cancelled: number }
  /** Vipps has not confirmed yet (6280, 5xx, timeout): the capture stays in progress and is sent again with the same key. */
  pending?: boolean
  failure?: CaptureFailure
}

/**
 * A capture Vipps finally refused (e.g. 6260 funds unavailable): what the workflow's run
 * returns in `errors`, with the record that is also on the payment's `data.capture_failures`.
 */
export class VippsCaptureRefusedError extends MedusaError {
  /** The step logged it (once, with the order's context): whoever runs the workflow need not. */
  readonly logged = true

  constructor(readonly failure: CaptureFailure) {
    super(MedusaError.Types.PAYMENT_AUTHORIZATION_ERROR, failure.message)
    this.name = "VippsCaptureRefusedError"
  }
}

/**
 * Step 2: capture at Vipps with the plan's idempotency key. Every failure is written to the
 * payment's `data.capture_failures` (readable message, Vipps code, status, trace id) and logged
 * once. A final rejection removes the Medusa record of step 1 and fails the workflow; a
 * transient one (not captured yet) leaves the capture in progress for the reconciliation job.
 * The fulfilment stays either way.
 */
export const captureAtVippsStep = createStep(
  "vipps-capture-at-vipps",
  async ({ plan, recorded }: { plan: CapturePlan | SkippedPlan; recorded: RecordedCapture }, { container }) => {
    if (isSkipped(plan) || !recorded.capture_id) return new StepResponse<VippsCaptureResult>({ captured: 0 })
    const provider = resolveVippsProvider(container, plan.provider_id)
    if (!provider) throw new MedusaError(MedusaError.Types.NOT_FOUND, `Vipps provider ${plan.provider_id} is not registered`)
    const paymentModule = container.resolve(Modules.PAYMENT)
    const logger = container.resolve(ContainerRegistrationKeys.LOGGER)
    const amount = { value: recorded.amount, currency: plan.currency }

    let response: any
    try {
      response = await provider.client.epayment.capturePayment(plan.reference, amount, plan.idempotency_key)
    } catch (error) {
      // Not sure whether Vipps applied it (timeout), or the key was used before (4010):
      // the event log knows. If our key captured, that is success, not a failure.
      const applied = await appliedAtVipps(provider, plan).catch(() => false)
      if (!applied) {
        const vipps = vippsErrorOf(error)
        const failure: CaptureFailure = {
          source: plan.source,
          fulfillment_id: plan.fulfillment_id,
          trigger: plan.trigger,
          amount: recorded.amount,
          currency: plan.currency,
          code: vipps?.code,
          status: vipps?.status,
          message: merchantMessageOf(error),
          trace_id: vipps?.traceId,
          idempotency_key: plan.idempotency_key,
          definitive: isFinalRejection(error),
          at: new Date().toISOString(),
        }
        const journal = MovementJournal.fromContainer(container)
        const summary = [failure.message, failure.code && `code ${failure.code}`].filter(Boolean).join("; ")
        const what =
          `Vipps MobilePay capture of ${fromMinorUnits(recorded.amount, plan.currency)} ${plan.currency} for ` +
          `${plan.fulfillment_id ? `fulfilment ${plan.fulfillment_id}` : plan.trigger} on order ${plan.order_id}`
        const ids = `${failure.code ? ` (code ${failure.code}, HTTP ${failure.status})` : ""}${failure.trace_id ? ` trace ${failure.trace_id}` : ""}`

        if (!failure.definitive) {
          // Vipps did not capture yet but may (6280 "try again later", a 5xx or a timeout after
          // the client's retries): the decision to capture stands. Medusa's record and the
          // pending movement stay, so the capture shows as in progress and the reconciliation
          // job finishes it with the same idempotency key (never a second capture).
          failure.message = `${failure.message} The capture stays in progress: the plugin sends it again with the same idempotency key within a few minutes.`
          await journal?.touch(plan.idempotency_key, summary)
          await updatePaymentData(paymentModule, plan.payment_id, (data) => ({ ...data, capture_failures: [...(data.capture_failures ?? []), failure] }))
          logger.warn(`${what} is not confirmed yet: ${failure.message}${ids}`)
          return new StepResponse<VippsCaptureResult>({ captured: 0, pending: true, failure })
        }

        // A final refusal (e.g. 6260): nothing was captured and nothing may be recorded as captured.
        // Medusa's record goes first, so whoever sees the failure never sees the capture too
        // (the workflow's compensation would remove it a moment later); the movement is settled
        // as failed, so the reconciliation job never sends it again.
        await removeMedusaCapture(container, {
          capture_id: recorded.capture_id,
          payment_id: plan.payment_id,
          payment_collection_id: recorded.payment_collection_id,
          transaction_id: recorded.transaction_id,
          was_fully_captured: recorded.was_fully_captured,
        })
        await journal?.finish(plan.idempotency_key, "failed", summary)
        await updatePaymentData(paymentModule, plan.payment_id, (data) => ({
          ...data,
          capture_failures: [...(data.capture_failures ?? []), failure],
        }))
        logger.error(
          `${what} failed: ${failure.message}${ids}. ` +
            `The fulfilment is kept; once the cause is fixed, retry by running the vipps-capture-fulfillment workflow for it.`
        )
        // The payments page lists it under "capture refused" (never fails the step).
        await recordPaymentAttempt(container, { payment_id: plan.payment_id }, undefined, logger)
        throw new VippsCaptureRefusedError(failure)
      }
      response = await provider.client.epayment.getPayment(plan.reference)
    }

    await MovementJournal.fromContainer(container)?.finish(plan.idempotency_key, "done")
    const data = await updatePaymentData(paymentModule, plan.payment_id, (data) => {
      const session = readSessionData(data as Record<string, unknown>)
      const now = new Date().toISOString()
      return {
        ...withPayment(session, response),
        capture_failures: (data.capture_failures ?? []).map((f) => (f.source === plan.source && !f.resolved_at ? { ...f, resolved_at: now } : f)),
        captures_by_plugin: [
          ...(data.captures_by_plugin ?? []),
          {
            source: plan.source,
            fulfillment_id: plan.fulfillment_id,
            trigger: plan.trigger,
            amount: recorded.amount,
            currency: plan.currency,
            idempotency_key: plan.idempotency_key,
            capture_id: recorded.capture_id!,
            at: now,
          },
        ],
      }
    })
    await recordPaymentAttempt(container, { payment_id: plan.payment_id })
    return new StepResponse<VippsCaptureResult>({ captured: recorded.amount, aggregate: (data as any).aggregate })
  }
)

/** Did a capture with this plan's idempotency key succeed at Vipps? */
async function appliedAtVipps(provider: NonNullable<ReturnType<typeof resolveVippsProvider>>, plan: CapturePlan): Promise<boolean> {
  const events = await provider.client.epayment.getPaymentEvents(plan.reference)
  return events.some((e: any) => e.name === "CAPTURED" && e.success && e.idempotencyKey === plan.idempotency_key)
}
