// The page a row of the payments list opens. With a Medusa payment: the order card (its event
// log and actions, the same component as on the order page). Without one (the shopper never got
// an order): the attempt's facts, its cart, the event log, and the release and refresh actions.
// Either way, why the payment needs attention, one plain sentence per reason.
import { Badge, Button, Container, Heading, Prompt, Text, toast } from "@medusajs/ui"
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query"
import { useState } from "react"
import { Link, useLocation, useParams } from "react-router-dom"
import { EventLog } from "../vipps-payment-card/event-log"
import { VippsPaymentCard } from "../vipps-payment-card/vipps-payment-card"
import { NO_VALUE, isZero, withoutFinalStop } from "../../lib/format"
import type { VippsPaymentAttemptResponse, VippsPaymentListRow } from "../../lib/payment-list-types"
import { useVippsTranslation } from "../../lib/use-vipps-translation"
import { describeError } from "../../lib/vipps-types"
import { LIST_KEY, attemptKey, fetchAttempt, postAttempt } from "./query"
import { VippsStateBadge } from "./state-badge"

export function AttemptDetail() {
  const { t } = useVippsTranslation()
  const { reference = "" } = useParams<{ reference: string }>()
  const location = useLocation()
  const from = (location.state as { from?: string } | null)?.from ?? ""
  const query = useQuery({ queryKey: attemptKey(reference), queryFn: () => fetchAttempt(reference) })

  const back = (
    <Link to={`/vipps${from}`} className="text-ui-fg-subtle hover:text-ui-fg-base txt-compact-small-plus" data-testid="vipps-attempt-back">
      ← {t("paymentsPage.all")}
    </Link>
  )
  if (query.isLoading || query.isError || !query.data) {
    return (
      <div className="flex flex-col gap-y-3">
        {back}
        <Container data-testid="vipps-attempt" data-state={query.isLoading ? "loading" : "error"} className="px-6 py-4">
          <Heading level="h1" className="font-mono break-all">{reference}</Heading>
          {query.isLoading ? (
            <Text size="small" className="text-ui-fg-subtle">{t("paymentsPage.detail.loading")}</Text>
          ) : (
            <>
              <Text size="small" className="text-ui-fg-error" data-testid="vipps-attempt-error">
                {t("paymentsPage.detail.loadFailed", { reason: withoutFinalStop((query.error as Error | null)?.message ?? t("card.noAnswer")) })}
              </Text>
              <Button size="small" variant="secondary" className="mt-2" onClick={() => query.refetch()}>{t("card.tryAgain")}</Button>
            </>
          )}
        </Container>
      </div>
    )
  }

  const { attempt } = query.data
  return (
    <div className="flex flex-col gap-y-3">
      {back}
      <Container
        className="divide-y p-0"
        data-testid="vipps-attempt"
        data-state="ready"
        data-reference={attempt.reference}
        data-payment-id={attempt.payment_id ?? ""}
        data-attention={attempt.attention.join(",")}
      >
        <div className="flex flex-wrap items-center justify-between gap-2 px-6 py-4">
          <div className="min-w-0">
            <Heading level="h1" className="font-mono break-all">{attempt.reference}</Heading>
            <Text size="small" className="text-ui-fg-subtle">{attempt.provider_name}</Text>
          </div>
          <div className="flex items-center gap-2">
            {attempt.order ? (
              <Link to={`/orders/${attempt.order.id}`} className="text-ui-fg-interactive hover:text-ui-fg-interactive-hover txt-compact-small-plus" data-testid="vipps-attempt-order">
                {t("paymentsPage.detail.order")} #{attempt.order.display_id}
              </Link>
            ) : (
              <Badge size="small" color="grey" data-testid="vipps-attempt-no-order">{t("paymentsPage.noOrder")}</Badge>
            )}
            <VippsStateBadge state={attempt.state} testId="vipps-attempt-state" />
          </div>
        </div>
        <Attention attempt={attempt} />
      </Container>
      {attempt.payment_id ? <VippsPaymentCard paymentId={attempt.payment_id} /> : <WithoutPayment data={query.data} />}
    </div>
  )
}

/** One plain sentence per reason the payment needs a person, with what to do. */
function Attention({ attempt }: { attempt: VippsPaymentListRow }) {
  const { t } = useVippsTranslation()
  if (!attempt.attention.length) return null
  return (
    <div className="flex flex-col gap-y-2 px-6 py-4" data-testid="vipps-attempt-attention">
      <Text size="small" leading="compact" weight="plus">{t("paymentsPage.detail.attention")}</Text>
      {attempt.attention.map((reason) => (
        <div key={reason} className="flex flex-col gap-y-1" data-testid="vipps-attempt-reason" data-value={reason}>
          <div>
            <Badge size="2xsmall" color="orange">{t(`paymentsPage.reason.${reason}`)}</Badge>
          </div>
          <Text size="small" className="text-ui-fg-subtle">{t(`paymentsPage.reasonHelp.${reason}`)}</Text>
        </div>
      ))}
    </div>
  )
}

type AttemptAction = "refresh" | "release"

/** An attempt with no Medusa payment: facts, cart, actions and the event log. */
function WithoutPayment({ data }: { data: VippsPaymentAttemptResponse }) {
  const { t, money, time, trace } = useVippsTranslation()
  const queryClient = useQueryClient()
  const [confirming, setConfirming] = useState(false)
  const { attempt, cart } = data
  const c = attempt.currency
  const mutation = useMutation({
    mutationFn: (action: AttemptAction) => postAttempt(attempt.reference, action),
    onSuccess: (result, action) => {
      queryClient.setQueryData(attemptKey(attempt.reference), result)
      queryClient.invalidateQueries({ queryKey: LIST_KEY })
      toast.success(action === "release" ? t("toast.released", { amount: money(c, result.released ?? data.available.release) }) : t("toast.refreshed"))
    },
    onError: (error: Error, action) => {
      toast.error(action === "release" ? t("toast.releaseFailed") : t("toast.refreshFailed"), { description: error.message })
    },
  })
  const canRelease = !isZero(data.available.release)
  const facts: [string, string, string][] = [
    [t("card.pspReference"), attempt.psp_reference ?? NO_VALUE, "vipps-attempt-psp-reference"],
    [t("paymentsPage.column.amount"), money(c, attempt.amount), "vipps-attempt-amount"],
    [t("amounts.captured"), money(c, attempt.captured), "vipps-attempt-captured"],
    [t("amounts.refunded"), money(c, attempt.refunded), "vipps-attempt-refunded"],
    [t("paymentsPage.detail.customerEmail"), attempt.email ?? NO_VALUE, "vipps-attempt-email"],
    [t("paymentsPage.detail.customerPhone"), attempt.phone ?? NO_VALUE, "vipps-attempt-phone"],
    [t("paymentsPage.column.salesUnit"), attempt.msn ?? NO_VALUE, "vipps-attempt-msn"],
    [t("paymentsPage.detail.created"), time(attempt.created_at), "vipps-attempt-created"],
    [t("paymentsPage.column.lastEvent"), time(attempt.last_event_at), "vipps-attempt-last-event"],
    ...(attempt.capture_deadline && canRelease ? [[t("card.captureBy"), time(attempt.capture_deadline), "vipps-attempt-capture-deadline"] as [string, string, string]] : []),
  ]
  return (
    <Container className="divide-y p-0" data-testid="vipps-attempt-without-payment" data-release={data.available.release}>
      <div className="flex flex-col gap-y-1 px-6 py-4">
        <Heading level="h2">{t("paymentsPage.detail.noOrderTitle")}</Heading>
        <Text size="small" className="text-ui-fg-subtle">{t("paymentsPage.detail.noOrderText")}</Text>
      </div>
      {data.error && (
        <Text size="small" className="text-ui-fg-error px-6 py-3" data-testid="vipps-attempt-unreachable">
          {t("card.unreachable", { reason: describeError(data.error, trace) })}
        </Text>
      )}
      <div className="flex flex-col gap-y-2 px-6 py-4">
        {facts.map(([label, value, testId]) => (
          <Fact key={testId} label={label} value={value} testId={testId} />
        ))}
      </div>
      <div className="flex flex-col gap-y-2 px-6 py-4" data-testid="vipps-attempt-cart" data-cart-id={cart?.id ?? ""}>
        <Text size="small" leading="compact" weight="plus">{t("paymentsPage.detail.cartTitle")}</Text>
        {cart ? (
          <>
            <Fact label="ID" value={cart.id} testId="vipps-attempt-cart-id" />
            <Fact label={t("paymentsPage.detail.customerEmail")} value={cart.email ?? NO_VALUE} testId="vipps-attempt-cart-email" />
            <Fact label={t("paymentsPage.detail.cartTotal")} value={money(cart.currency, cart.total)} testId="vipps-attempt-cart-total" />
            <Text size="small" className="text-ui-fg-subtle" data-testid="vipps-attempt-cart-completed" data-value={cart.completed_at ?? ""}>
              {cart.completed_at ? t("paymentsPage.detail.cartCompleted", { time: time(cart.completed_at) }) : t("paymentsPage.detail.cartNotCompleted")}
            </Text>
          </>
        ) : (
          <Text size="small" className="text-ui-fg-subtle">{t("paymentsPage.detail.noCart")}</Text>
        )}
      </div>
      <div className="flex flex-wrap gap-2 px-6 py-4">
        <Button size="small" variant="secondary" data-testid="vipps-attempt-release" disabled={mutation.isPending || !canRelease} onClick={() => setConfirming(true)}>
          {canRelease ? t("actions.releaseRemaining", { amount: money(c, data.available.release) }) : t("actions.nothingToRelease")}
        </Button>
        <Button size="small" variant="secondary" data-testid="vipps-attempt-refresh" disabled={mutation.isPending} isLoading={mutation.isPending && mutation.variables === "refresh"} onClick={() => mutation.mutate("refresh")}>
          {t("actions.refresh")}
        </Button>
      </div>
      <EventLog events={data.events} currency={c} />
      <Prompt open={confirming} variant="confirmation" onOpenChange={(open) => !open && setConfirming(false)}>
        <Prompt.Content data-testid="vipps-attempt-confirm-dialog">
          <Prompt.Header>
            <Prompt.Title>{t("confirm.releaseTitle", { amount: money(c, data.available.release) })}</Prompt.Title>
            <Prompt.Description>{t("confirm.releaseDescription", { amount: money(c, data.available.release) })}</Prompt.Description>
          </Prompt.Header>
          <Prompt.Footer>
            <Prompt.Cancel data-testid="vipps-attempt-confirm-cancel" onClick={() => setConfirming(false)}>{t("confirm.cancel")}</Prompt.Cancel>
            <Prompt.Action
              data-testid="vipps-attempt-confirm"
              onClick={() => {
                setConfirming(false)
                mutation.mutate("release")
              }}
            >
              {t("confirm.confirm")}
            </Prompt.Action>
          </Prompt.Footer>
        </Prompt.Content>
      </Prompt>
    </Container>
  )
}

function Fact({ label, value, testId }: { label: string; value: string; testId: string }) {
  return (
    <div className="grid grid-cols-[auto_1fr] items-start gap-x-4">
      <Text size="small" leading="compact" className="text-ui-fg-subtle">{label}</Text>
      <Text size="small" leading="compact" className="text-right break-all" data-testid={testId} data-value={value}>{value}</Text>
    </div>
  )
}
