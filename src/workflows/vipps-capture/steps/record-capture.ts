import { MedusaError, Modules } from "@medusajs/framework/utils"
import type { MedusaContainer } from "@medusajs/framework/types"
import { removeMedusaCapture } from "../../../reconciliation"
import { StepResponse, createStep } from "@medusajs/framework/workflows-sdk"
import { fromMinorUnits } from "../../../vipps"
import { captureAmount } from "../../../capture"
import { CapturePlan, SkippedPlan, isSkipped } from "../types"
import { loadVippsPayment } from "./load-payment"
import { MovementJournal } from "../../../modules/vipps"
import { resolveVippsProvider } from "../../../sales-units"
import { recordLabelledCapture } from "../../../medusa-compat"

export type RecordedCapture = {
  capture_id?: string
  transaction_id?: string
  /** Minor units captured now (0: nothing left to capture). */
  amount: number
  /** Minor units that stay reserved on a completed order and are to be released. */
  release: number
  payment_collection_id?: string
  was_fully_captured?: boolean
}

type Compensation = {
  capture_id?: string
  payment_collection_id?: string
  payment_id?: string
  transaction_id?: string
  was_fully_captured?: boolean
}

// Medusa's capture guard says "You cannot capture more than …" when a concurrent capture won.
const isOvershoot = (error: unknown) => /cannot capture more/i.test((error as Error)?.message ?? "")

/**
 * Step 1 of a plugin capture: record it in Medusa *before* Vipps is asked. Medusa's
 * capturePayment takes the payment row lock and refuses to exceed the authorization, so an
 * admin capture racing with ours cannot overshoot; `is_captured: true` stops Medusa from
 * calling the provider again (we capture at Vipps ourselves, with the fulfilment's key).
 * Compensation removes the record when Vipps does not capture.
 */
export const recordCaptureStep = createStep(
  "vipps-record-capture",
  async (plan: CapturePlan | SkippedPlan, { container }) => {
    if (isSkipped(plan)) return new StepResponse<RecordedCapture, Compensation>({ amount: 0, release: 0 }, {})
    const paymentModule = container.resolve(Modules.PAYMENT)

    // The captured total can grow under us (admin capture): recompute and retry a few times.
    for (let round = 0; ; round++) {
      const payment = await loadVippsPayment(container, plan.payment_id)
      if (!payment) throw new MedusaError(MedusaError.Types.NOT_FOUND, `Payment ${plan.payment_id} not found`)
      const { amount, release } = captureAmount({
        value: plan.value,
        completes: plan.completes,
        orderTotal: plan.order_total,
        authorized: payment.authorized,
        captured: payment.captured,
      })
      if (amount <= 0) {
        return new StepResponse<RecordedCapture, Compensation>({ amount: 0, release, payment_collection_id: payment.payment_collection_id }, {})
      }
      // The record of intent first: if the process dies from here until Vipps answered, the
      // reconciliation job finds it pending and finishes the capture with the same key.
      const journal = MovementJournal.fromContainer(container)
      await journal?.begin({
        payment_id: plan.payment_id,
        msn: resolveVippsProvider(container, plan.provider_id)?.options.merchantSerialNumber ?? "",
        reference: plan.reference,
        kind: "capture",
        amount,
        currency: plan.currency,
        idempotency_key: plan.idempotency_key,
        source: plan.source,
      })
      let recordedId: string | undefined
      try {
        const { capture } = await recordLabelledCapture(paymentModule, {
          payment_id: plan.payment_id,
          amount: fromMinorUnits(amount, plan.currency),
          source: plan.source,
        })
        if (!capture) throw new MedusaError(MedusaError.Types.UNEXPECTED_STATE, `Medusa did not return the capture it recorded for payment ${plan.payment_id}`)
        recordedId = capture.id
        await journal?.attach(plan.idempotency_key, capture.id, plan.payment_id)
        // The order's payment summary counts order transactions, as Medusa's own capture flow adds.
        const transaction = await container.resolve(Modules.ORDER).addOrderTransactions({
          order_id: plan.order_id,
          amount: fromMinorUnits(amount, plan.currency),
          currency_code: plan.currency.toLowerCase(),
          reference: "capture",
          reference_id: capture.id,
        })
        return new StepResponse<RecordedCapture, Compensation>(
          { capture_id: capture.id, transaction_id: transaction.id, amount, release, payment_collection_id: payment.payment_collection_id, was_fully_captured: !!payment.captured_at },
          {
            capture_id: capture.id,
            transaction_id: transaction.id,
            payment_id: plan.payment_id,
            payment_collection_id: payment.payment_collection_id,
            was_fully_captured: !!payment.captured_at,
          }
        )
      } catch (error) {
        // A failing step is not compensated itself: a capture row recorded before the failure
        // (e.g. the order transaction could not be written) must not stay without Vipps.
        if (recordedId) {
          await removeMedusaCapture(container, { capture_id: recordedId, payment_id: plan.payment_id, payment_collection_id: payment.payment_collection_id, was_fully_captured: !!payment.captured_at }).catch(() => undefined)
        }
        if (!isOvershoot(error) || round >= 2) {
          await journal?.finish(plan.idempotency_key, "rolled_back", (error as Error).message)
          throw error
        }
      }
    }
  },
  async (compensation: Compensation | undefined, { container }) => {
    if (!compensation?.capture_id) return
    await removeCaptureRecord(container, compensation)
  }
)

/** Undoes step 1: the capture row, the order transaction, and what Medusa derived from them. */
async function removeCaptureRecord(container: MedusaContainer, c: Compensation) {
  // The capture step removes it itself before it records the failure; then nothing is left to undo.
  const [still] = await container.resolve(Modules.PAYMENT).listCaptures({ id: c.capture_id } as any)
  if (!still) return
  await removeMedusaCapture(container, {
    capture_id: c.capture_id!,
    payment_id: c.payment_id!,
    payment_collection_id: c.payment_collection_id,
    transaction_id: c.transaction_id,
    was_fully_captured: c.was_fully_captured,
  })
}
