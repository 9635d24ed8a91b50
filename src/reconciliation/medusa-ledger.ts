import { ContainerRegistrationKeys, MathBN, Modules, PaymentCollectionStatus } from "@medusajs/framework/utils"
import type { IPaymentModuleService, MedusaContainer } from "@medusajs/framework/types"
import { fromMinorUnits } from "../vipps"
import { recordLabelledCapture } from "../medusa-compat"

/**
 * Medusa's side of a money movement, for the steps that must finish or undo it outside
 * Medusa's own capture/refund calls: the capture workflows' compensation and the repair of
 * movements interrupted by a dead process. Medusa derives the payment's `captured_at`, the
 * collection's amounts/status and the order transactions only inside its own calls; these
 * helpers derive them again the same way.
 */
export type MedusaCaptureRef = {
  capture_id: string
  payment_id: string
  payment_collection_id?: string
  /** The order transaction that counts it, when known (else found by reference_id). */
  transaction_id?: string
  /** The payment was fully captured before this capture (keep `captured_at`). */
  was_fully_captured?: boolean
}

const orderModule = (container: MedusaContainer) => container.resolve(Modules.ORDER)

/** Removes a capture row, its order transaction and what Medusa derived from it. */
export async function removeMedusaCapture(container: MedusaContainer, c: MedusaCaptureRef) {
  const paymentModule = container.resolve(Modules.PAYMENT)
  await paymentModule.deleteCaptures([c.capture_id])
  await deleteOrderTransactions(container, c.capture_id, c.transaction_id)
  if (!c.was_fully_captured) await paymentModule.updatePayment({ id: c.payment_id, captured_at: null } as any)
  const collectionId = c.payment_collection_id ?? (await collectionOf(paymentModule, c.payment_id))
  if (collectionId) await recomputeCollection(paymentModule, collectionId)
}

/** Removes a refund row and its order transaction. */
export async function removeMedusaRefund(container: MedusaContainer, refundId: string, paymentId: string) {
  const paymentModule = container.resolve(Modules.PAYMENT)
  await paymentModule.deleteRefunds([refundId])
  await deleteOrderTransactions(container, refundId)
  const collectionId = await collectionOf(paymentModule, paymentId)
  if (collectionId) await recomputeCollection(paymentModule, collectionId)
}

/**
 * What Medusa's capture/refund call does after the provider answered, for a movement whose
 * process died before it could: the order transaction, `captured_at` when fully captured,
 * the payment's data (Vipps's answer) and the collection's amounts.
 */
export async function completeMedusaMovement(
  container: MedusaContainer,
  kind: "capture" | "refund",
  recordId: string,
  paymentId: string,
  data: Record<string, unknown>
) {
  const paymentModule = container.resolve(Modules.PAYMENT)
  const payment = (await paymentModule.retrievePayment(paymentId, { relations: ["captures"] })) as any
  const captured = (payment.captures ?? []).reduce((t: any, c: any) => MathBN.add(t, c.raw_amount ?? c.amount), MathBN.convert(0))
  const fully = MathBN.gte(captured, payment.raw_amount ?? payment.amount)
  await paymentModule.updatePayment({ id: paymentId, data, ...(fully && !payment.captured_at ? { captured_at: new Date() } : {}) } as any)
  const row = kind === "capture"
    ? (payment.captures ?? []).find((c: any) => c.id === recordId)
    : ((await paymentModule.listRefunds({ id: recordId } as any)) as any[])[0]
  if (row) await ensureOrderTransaction(container, payment, kind, row)
  await recomputeCollection(paymentModule, payment.payment_collection_id)
}

/** Records a capture Vipps made (its movement's process died before Medusa kept it), labelled with the movement's source. */
export async function recordMedusaCapture(container: MedusaContainer, paymentId: string, amountMinor: number, currency: string, source: string) {
  const paymentModule = container.resolve(Modules.PAYMENT)
  const { payment: updated, capture } = await recordLabelledCapture(paymentModule, { payment_id: paymentId, amount: fromMinorUnits(amountMinor, currency), source })
  if (capture) await ensureOrderTransaction(container, updated, "capture", capture)
  return capture?.id as string | undefined
}

async function ensureOrderTransaction(container: MedusaContainer, payment: any, kind: "capture" | "refund", row: any) {
  const orderId = await orderIdOfCollection(container, payment.payment_collection_id)
  if (!orderId) return
  const existing = await orderModule(container).listOrderTransactions({ reference_id: row.id } as any)
  if (existing.length) return
  const amount = row.raw_amount ?? row.amount
  await orderModule(container).addOrderTransactions({
    order_id: orderId,
    amount: kind === "refund" ? MathBN.mult(amount, -1) : amount,
    currency_code: payment.currency_code,
    reference: kind,
    reference_id: row.id,
  } as any)
}

async function deleteOrderTransactions(container: MedusaContainer, referenceId: string, transactionId?: string) {
  const ids = transactionId
    ? [transactionId]
    : (await orderModule(container).listOrderTransactions({ reference_id: referenceId } as any)).map((t: any) => t.id)
  if (ids.length) await orderModule(container).deleteOrderTransactions(ids)
}

async function orderIdOfCollection(container: MedusaContainer, collectionId: string) {
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const { data } = await query.graph({
    entity: "order_payment_collection",
    fields: ["order_id"],
    filters: { payment_collection_id: collectionId },
  })
  return (data[0] as { order_id?: string } | undefined)?.order_id
}

async function collectionOf(paymentModule: IPaymentModuleService, paymentId: string) {
  const payment = await paymentModule.retrievePayment(paymentId, { select: ["id", "payment_collection_id"] })
  return (payment as any).payment_collection_id as string | undefined
}

/**
 * The collection's captured/refunded amounts and status, derived like Medusa's payment module
 * (maybeUpdatePaymentCollection_: captured ≥ amount means completed).
 */
export async function recomputeCollection(paymentModule: IPaymentModuleService, collectionId: string) {
  const collection = (await paymentModule.retrievePaymentCollection(collectionId, {
    relations: ["payments", "payments.captures", "payments.refunds"],
  })) as any
  const total = (rows: any[]) => rows.reduce((t: any, r: any) => MathBN.add(t, r.raw_amount ?? r.amount), MathBN.convert(0))
  const payments = collection.payments ?? []
  const captured = total(payments.flatMap((p: any) => p.captures ?? []))
  const refunded = total(payments.flatMap((p: any) => p.refunds ?? []))
  const amount = collection.raw_amount ?? collection.amount
  const complete = MathBN.gte(captured, amount)
  const authorizedInFull = MathBN.gte(collection.raw_authorized_amount ?? collection.authorized_amount ?? 0, amount)
  await paymentModule.updatePaymentCollections(collectionId, {
    captured_amount: captured.toString(),
    refunded_amount: refunded.toString(),
    ...(complete
      ? { status: PaymentCollectionStatus.COMPLETED }
      : {
          status: authorizedInFull ? PaymentCollectionStatus.AUTHORIZED : PaymentCollectionStatus.PARTIALLY_AUTHORIZED,
          completed_at: null,
        }),
  } as any)
}
