// A Capture row the plugin records carries a label in `created_by` ("vipps:fulfillment:<id>",
// "vipps:portal", …): finding it again is how a repeated event is recognised and how the
// reconciliation matches its journal. The payment module takes it as `captured_by` and stores
// it as `created_by` from 2.21 on; 2.18 to 2.20 accept `captured_by` and drop it. This writes the label
// itself where the module did not, so every reader sees the same row on every release.
import type { IPaymentModuleService } from "@medusajs/framework/types"

export type CaptureRow = { id: string; created_by?: string | null; amount?: unknown; raw_amount?: unknown; created_at?: string | Date }
type PaymentWithCaptures = { id: string; captures?: CaptureRow[] | null; [key: string]: unknown }

const newest = (rows: CaptureRow[]) =>
  [...rows].sort((a, b) => new Date(b.created_at ?? 0).getTime() - new Date(a.created_at ?? 0).getTime())[0]

/**
 * Records a capture in Medusa without calling the provider (`is_captured`: the plugin moves the
 * money at Vipps itself), labelled `source`. Returns the payment as the module answered and the new row.
 */
export async function recordLabelledCapture(
  paymentModule: IPaymentModuleService,
  input: { payment_id: string; amount: unknown; source: string }
): Promise<{ payment: PaymentWithCaptures; capture: CaptureRow | undefined }> {
  const before = (await paymentModule.retrievePayment(input.payment_id, { relations: ["captures"] })) as unknown as PaymentWithCaptures
  const known = new Set((before.captures ?? []).map((c) => c.id))
  const payment = (await paymentModule.capturePayment({
    payment_id: input.payment_id,
    amount: input.amount as any,
    captured_by: input.source,
    is_captured: true,
  } as any)) as unknown as PaymentWithCaptures
  const rows = payment.captures ?? []
  const labelled = newest(rows.filter((c) => c.created_by === input.source && !known.has(c.id)))
  if (labelled) return { payment, capture: labelled }
  // The module dropped the label (2.18 to 2.20): the row is the new one without a label.
  const unlabelled = newest(rows.filter((c) => !known.has(c.id) && !c.created_by))
  if (!unlabelled) return { payment, capture: undefined }
  await (paymentModule as any).updateCaptures({ id: unlabelled.id, created_by: input.source })
  unlabelled.created_by = input.source
  return { payment, capture: unlabelled }
}
