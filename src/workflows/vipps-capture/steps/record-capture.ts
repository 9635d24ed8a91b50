import { MathBN, MedusaError, Modules, PaymentCollectionStatus } from "@medusajs/framework/utils"
import type { IPaymentModuleService, MedusaContainer } from "@medusajs/framework/types"
import { StepResponse, createStep } from "@medusajs/framework/workflows-sdk"
import { fromMinorUnits } from "../../../vipps"
import { captureAmount } from "../../../capture"
import { CapturePlan, SkippedPlan, isSkipped } from "../types"
import { loadVippsPayment } from "./load-payment"

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
      try {
        const updated = (await paymentModule.capturePayment({
          payment_id: plan.payment_id,
          amount: fromMinorUnits(amount, plan.currency),
          captured_by: plan.source,
          is_captured: true,
        })) as any
        const capture = (updated.captures ?? []).find((c: any) => c.created_by === plan.source)
        // The order's payment summary counts order transactions, as Medusa's own capture flow adds.
        const transaction = await container.resolve(Modules.ORDER).addOrderTransactions({
          order_id: plan.order_id,
          amount: fromMinorUnits(amount, plan.currency),
          currency_code: plan.currency.toLowerCase(),
          reference: "capture",
          reference_id: capture.id,
        })
        return new StepResponse<RecordedCapture, Compensation>(
          { capture_id: capture.id, transaction_id: transaction.id, amount, release, payment_collection_id: payment.payment_collection_id },
          {
            capture_id: capture.id,
            transaction_id: transaction.id,
            payment_id: plan.payment_id,
            payment_collection_id: payment.payment_collection_id,
            was_fully_captured: !!payment.captured_at,
          }
        )
      } catch (error) {
        if (!isOvershoot(error) || round >= 2) throw error
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
  const paymentModule = container.resolve(Modules.PAYMENT)
  await paymentModule.deleteCaptures([c.capture_id!])
  if (c.transaction_id) await container.resolve(Modules.ORDER).deleteOrderTransactions([c.transaction_id])
  if (!c.was_fully_captured) {
    await paymentModule.updatePayment({ id: c.payment_id, captured_at: null } as any)
  }
  if (c.payment_collection_id) await recomputeCollection(paymentModule, c.payment_collection_id)
}

/**
 * Medusa derives the collection's captured amount and status inside its own capture call
 * only; after removing a capture, derive them again the same way (payment-module
 * maybeUpdatePaymentCollection_: captured ≥ amount means completed).
 */
async function recomputeCollection(paymentModule: IPaymentModuleService, collectionId: string) {
  const collection = (await paymentModule.retrievePaymentCollection(collectionId, {
    relations: ["payments", "payments.captures"],
  })) as any
  const captured = (collection.payments ?? [])
    .flatMap((p: any) => p.captures ?? [])
    .reduce((total: any, c: any) => MathBN.add(total, c.raw_amount ?? c.amount), MathBN.convert(0))
  const complete = MathBN.gte(captured, collection.raw_amount ?? collection.amount)
  const authorizedInFull = MathBN.gte(collection.raw_authorized_amount ?? collection.authorized_amount ?? 0, collection.raw_amount ?? collection.amount)
  await paymentModule.updatePaymentCollections(collectionId, {
    captured_amount: captured.toString(),
    ...(complete
      ? {}
      : {
          status: authorizedInFull ? PaymentCollectionStatus.AUTHORIZED : PaymentCollectionStatus.PARTIALLY_AUTHORIZED,
          completed_at: null,
        }),
  } as any)
}
