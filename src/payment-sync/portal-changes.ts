import { refundPaymentWorkflow } from "@medusajs/medusa/core-flows"
import { Modules } from "@medusajs/framework/utils"
import type { MedusaContainer } from "@medusajs/framework/types"
import { fromMinorUnits, toMinorUnits } from "../vipps"
import type { GetPaymentResponse } from "../vipps"
import { recordLabelledCapture } from "../medusa-compat"
import { aggregateInMinorUnits, VippsSessionData } from "../providers/vipps/session-data"
import type { SessionWithPayment } from "./sync-payment"

function sumInMinorUnits(rows: { raw_amount?: { value: string }; amount?: unknown }[] | undefined, currency: string) {
  return (rows ?? []).reduce((total, row) => total + toMinorUnits((row.raw_amount ?? { value: String(row.amount) }) as any, currency), 0)
}

/**
 * Captures, refunds and cancellations made outside Medusa (in the Vipps business portal) are
 * recorded in Medusa so its amounts match Vipps's aggregate. They go through Medusa's own
 * capture/refund/cancel paths; the provider sees that Vipps already shows the effect and does
 * not call Vipps again.
 */
export async function importVippsChanges(
  container: MedusaContainer,
  session: SessionWithPayment,
  payment: GetPaymentResponse,
  orderId: string | undefined
) {
  const medusaPayment = session.payment!
  const data = session.data as unknown as VippsSessionData
  const currency = data.currency
  const vipps = aggregateInMinorUnits(payment)
  const paymentModule = container.resolve(Modules.PAYMENT)

  const captured = sumInMinorUnits(medusaPayment.captures, currency)
  if (vipps.captured > captured) {
    // Recorded without calling Vipps (`is_captured`): the money already moved in the portal.
    const amount = fromMinorUnits(vipps.captured - captured, currency)
    const { capture } = await recordLabelledCapture(paymentModule, { payment_id: medusaPayment.id, amount, source: "vipps:portal" })
    if (orderId && capture) {
      // The order's paid total counts order transactions, as Medusa's own capture flow adds.
      await container.resolve(Modules.ORDER).addOrderTransactions({
        order_id: orderId,
        amount,
        currency_code: currency.toLowerCase(),
        reference: "capture",
        reference_id: capture.id,
      })
    }
  }

  const refunded = sumInMinorUnits(medusaPayment.refunds, currency)
  if (vipps.refunded > refunded) {
    await refundPaymentWorkflow(container).run({
      input: { payment_id: medusaPayment.id, amount: fromMinorUnits(vipps.refunded - refunded, currency) as any },
    })
  }

  const released = vipps.cancelled > 0 && vipps.captured === 0
  if (released && !medusaPayment.canceled_at) {
    await paymentModule.cancelPayment(medusaPayment.id)
  }

  // The payment's own data (not the session's): it also holds what the plugin's captures recorded.
  const paymentData = (medusaPayment.data ?? data) as Record<string, unknown>
  // Compared by value: the stored jsonb comes back with its keys in another order.
  const stored = (paymentData.aggregate ?? {}) as Partial<typeof vipps>
  const stale = (Object.keys(vipps) as (keyof typeof vipps)[]).some((k) => stored[k] !== vipps[k])
  if (stale) {
    // UpdatePaymentDTO does not declare `data`, but the module stores it (payment-module updatePayment).
    await paymentModule.updatePayment({ id: medusaPayment.id, data: { ...paymentData, aggregate: vipps, state: payment.state } } as any)
  }
}

