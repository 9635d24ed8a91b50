// The Vipps MobilePay card of one payment: where the money stands at Vipps, the capture
// deadline, the event log (Vipps's events merged with the webhooks the store received) and the
// actions support needs. Used by the order page's widget (widgets/vipps-payment-card.tsx) and by
// the payments page's detail (routes/vipps/[reference]/page.tsx). `data-testid`s are a contract
// with the browser tests: keep them stable. This file loads the payment and runs the actions;
// the parts are beside it.
import { Button, Container, Heading, Text, toast } from "@medusajs/ui"
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query"
import { withoutFinalStop } from "../../lib/format"
import { sdk } from "../../lib/sdk"
import { useVippsTranslation } from "../../lib/use-vipps-translation"
import { VippsPaymentView } from "../../lib/vipps-types"
import { type Action, Actions } from "./actions"
import { Amounts, Identifiers, Problems } from "./amounts"
import { EventLog } from "./event-log"
import { ExpressDetails } from "./express"
import { CardHeader, UnreachableNotice } from "./header"
import { LIST_KEY } from "../vipps-payments-page/query"

/** The card's query key: invalidate it to reload the card. */
export const paymentKey = (paymentId: string) => ["vipps-payment", paymentId]

export function VippsPaymentCard({ paymentId }: { paymentId: string }) {
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
      // The payments page (list and attempt) shows the same payment's amounts and attention.
      queryClient.invalidateQueries({ queryKey: LIST_KEY })
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
