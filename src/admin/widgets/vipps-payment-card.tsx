import { defineWidgetConfig } from "@medusajs/admin-sdk"
import type { DetailWidgetProps, HttpTypes } from "@medusajs/framework/types"
import { VippsPaymentCard } from "../components/vipps-payment-card/vipps-payment-card"
import { VIPPS_PREFIX } from "../lib/format"

/**
 * The Vipps MobilePay card on the order page: where the money stands at Vipps, the capture
 * deadline, the event log (Vipps's events merged with the webhooks the store received) and the
 * actions support needs, so nobody has to open the Vipps portal for normal work.
 * `data-testid`s are a contract with the browser tests: keep them stable. Texts are in the
 * dashboard's language (src/admin/i18n, lib/use-vipps-translation.ts).
 * The card itself (loading, actions, parts) is ../components/vipps-payment-card/vipps-payment-card.tsx,
 * which the payments page's detail shows too.
 */
const VippsPaymentsWidget = ({ data: order }: DetailWidgetProps<HttpTypes.AdminOrder>) => {
  const payments = (order.payment_collections ?? [])
    .flatMap((collection) => collection.payments ?? [])
    .filter((payment) => payment.provider_id?.startsWith(VIPPS_PREFIX))
  if (!payments.length) return null
  return (
    <>
      {payments.map((payment) => (
        <VippsPaymentCard key={payment.id} paymentId={payment.id} />
      ))}
    </>
  )
}

export const config = defineWidgetConfig({
  // The side column, where it sits level with Medusa's payment section. Medusa 2.21's layout
  // composer ignores .before/.after and appends widgets after a column's own sections: in the
  // main column that is below Metadata and JSON; in the side column it follows Customer and
  // Activity. On dashboards that honour .before it is the top of the side column. Admins can
  // move it with the dashboard's layout editor.
  zone: "order.details.side.before",
  id: "medusa-payment-vipps:order-card",
})

export default VippsPaymentsWidget
