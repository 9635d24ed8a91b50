import { defineWidgetConfig } from "@medusajs/admin-sdk"
import type { DetailWidgetProps, HttpTypes } from "@medusajs/framework/types"
import { Button, Container, Heading, Text, toast } from "@medusajs/ui"
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query"
import { type Action, Actions } from "../components/vipps-payment-card/actions"
import { Amounts, Identifiers, Problems } from "../components/vipps-payment-card/amounts"
import { EventLog } from "../components/vipps-payment-card/event-log"
import { ExpressDetails } from "../components/vipps-payment-card/express"
import { CardHeader, UnreachableNotice } from "../components/vipps-payment-card/header"
import { VIPPS_PREFIX, withoutFinalStop } from "../lib/format"
import { sdk } from "../lib/sdk"
import { useVippsTranslation } from "../lib/use-vipps-translation"
import { VippsPaymentView } from "../lib/vipps-types"

/**
 * The Vipps MobilePay card on the order page: where the money stands at Vipps, the capture
 * deadline, the event log (Vipps's events merged with the webhooks the store received) and the
 * actions support needs, so nobody has to open the Vipps portal for normal work.
 * `data-testid`s are a contract with the browser tests: keep them stable. Texts are in the
 * dashboard's language (src/admin/i18n, lib/use-vipps-translation.ts).
 * This file loads the payment and runs the actions; the parts are in ../components/vipps-payment-card/.
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

const paymentKey = (paymentId: string) => ["vipps-payment", paymentId]

function VippsPaymentCard({ paymentId }: { paymentId: string }) {
  const { t, money } = useVippsTranslation()
  const queryClient = useQueryClient()
  const query = useQuery({
    queryKey: paymentKey(paymentId),
    queryFn: () => sdk.client.fetch<{ payment: VippsPaymentView }>(`/admin/vipps/payments/${paymentId}`),
  })
  const mutation = useMutation({
    mutationFn: (action: Action) =>
      sdk.client.fetch<{ payment: VippsPaymentView; released?: string }>(`/admin/vipps/payments/${paymentId}/${action.name}`, {
        method: "POST",
        body: action.amount === undefined ? {} : { amount: action.amount },
      }),
    onSuccess: (result, action) => {
      queryClient.setQueryData(paymentKey(paymentId), { payment: result.payment })
      // The order page's own payment section shows Medusa's captures/refunds: refresh it too.
      queryClient.invalidateQueries({ queryKey: paymentKey(paymentId) })
      queryClient.invalidateQueries({ queryKey: ["orders"] })
      const c = result.payment.currency
      const done = {
        capture: () => t("toast.captured", { amount: money(c, action.amount ?? "") }),
        refund: () => t("toast.refunded", { amount: money(c, action.amount ?? "") }),
        release: () => t("toast.released", { amount: money(c, result.released ?? "") }),
        refresh: () => t("toast.refreshed"),
      }[action.name]
      toast.success(done())
    },
    onError: (error: Error, action) => {
      const failed = {
        capture: () => t("toast.captureFailed"),
        refund: () => t("toast.refundFailed"),
        release: () => t("toast.releaseFailed"),
        refresh: () => t("toast.refreshFailed"),
      }[action.name]
      toast.error(failed(), { description: error.message })
    },
  })

  if (query.isLoading) {
    return (
      <Container data-testid="vipps-card" data-state="loading" className="px-6 py-4">
        <Heading level="h2">Vipps MobilePay</Heading>
        <Text size="small" className="text-ui-fg-subtle">{t("card.loading")}</Text>
      </Container>
    )
  }
  if (query.isError || !query.data) {
    return (
      <Container data-testid="vipps-card" data-state="error" className="px-6 py-4">
        <Heading level="h2">Vipps MobilePay</Heading>
        <Text size="small" className="text-ui-fg-error" data-testid="vipps-error">
          {t("card.loadFailed", { reason: withoutFinalStop((query.error as Error | null)?.message ?? t("card.noAnswer")) })}
        </Text>
        <Button size="small" variant="secondary" className="mt-2" onClick={() => query.refetch()}>{t("card.tryAgain")}</Button>
      </Container>
    )
  }

  const view = query.data.payment
  return (
    <Container data-testid="vipps-card" data-state="ready" data-payment-id={view.payment_id} className="divide-y p-0">
      <CardHeader view={view} />

      {view.error && <UnreachableNotice error={view.error} />}

      <Identifiers view={view} />

      <Amounts view={view} />

      <ExpressDetails view={view} />

      <Problems view={view} />

      <Actions view={view} pending={mutation.isPending} onAction={(action) => mutation.mutate(action)} />

      <EventLog events={view.events} currency={view.currency} />
    </Container>
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
