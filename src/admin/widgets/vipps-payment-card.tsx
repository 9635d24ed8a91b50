import { defineWidgetConfig } from "@medusajs/admin-sdk"
import type { DetailWidgetProps, HttpTypes } from "@medusajs/framework/types"
import { Badge, Button, Container, Heading, Input, Label, Prompt, StatusBadge, Table, Text, toast } from "@medusajs/ui"
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query"
import { useState } from "react"
import { sdk } from "../lib/sdk"
import { VippsEventRow, VippsPaymentView, describeError, toMinor } from "../lib/vipps-types"

/**
 * The Vipps MobilePay card on the order page: where the money stands at Vipps, the capture
 * deadline, the event log (Vipps's events merged with the webhooks the store received) and the
 * actions support needs, so nobody has to open the Vipps portal for normal work.
 * `data-testid`s are a contract with the browser tests: keep them stable.
 */
const VIPPS_PREFIX = "pp_vipps_"

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

const STATUS_COLOR: Record<string, "green" | "red" | "blue" | "orange" | "grey" | "purple"> = {
  authorized: "blue",
  partially_captured: "orange",
  captured: "green",
  partially_refunded: "purple",
  refunded: "purple",
  released: "grey",
  pending: "grey",
  aborted: "red",
  expired: "red",
  terminated: "red",
}

const humanize = (status: string) => status.charAt(0).toUpperCase() + status.slice(1).replace(/_/g, " ")
const formatMoney = (currency: string, value: string) => `${currency} ${value}`
const formatTime = (iso: string | null) => (iso ? new Date(iso).toLocaleString() : "–")
const isZero = (value: string) => !/[1-9]/.test(value)

type Action = { name: "capture" | "refund" | "release" | "refresh"; amount?: string }

function VippsPaymentCard({ paymentId }: { paymentId: string }) {
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
        capture: `Captured ${formatMoney(c, action.amount ?? "")} with Vipps MobilePay.`,
        refund: `Refunded ${formatMoney(c, action.amount ?? "")} with Vipps MobilePay.`,
        release: `Released ${formatMoney(c, result.released ?? "")} of the reservation.`,
        refresh: "Updated from Vipps MobilePay.",
      }[action.name]
      toast.success(done)
    },
    onError: (error: Error, action) => {
      toast.error(`Vipps MobilePay ${action.name} failed`, { description: error.message })
    },
  })

  if (query.isLoading) {
    return (
      <Container data-testid="vipps-card" data-state="loading" className="px-6 py-4">
        <Heading level="h2">Vipps MobilePay</Heading>
        <Text size="small" className="text-ui-fg-subtle">Loading the payment from Vipps MobilePay…</Text>
      </Container>
    )
  }
  if (query.isError || !query.data) {
    return (
      <Container data-testid="vipps-card" data-state="error" className="px-6 py-4">
        <Heading level="h2">Vipps MobilePay</Heading>
        <Text size="small" className="text-ui-fg-error" data-testid="vipps-error">
          The Vipps MobilePay payment could not be loaded: {(query.error as Error | null)?.message ?? "no answer"}
        </Text>
        <Button size="small" variant="secondary" className="mt-2" onClick={() => query.refetch()}>Try again</Button>
      </Container>
    )
  }

  const view = query.data.payment
  return (
    <Container data-testid="vipps-card" data-state="ready" data-payment-id={view.payment_id} className="divide-y p-0">
      <div className="flex items-center justify-between px-6 py-4">
        <Heading level="h2">Vipps MobilePay</Heading>
        <StatusBadge color={STATUS_COLOR[view.status] ?? "grey"} data-testid="vipps-state" data-value={view.status} data-state={view.state}>
          {humanize(view.status)}
        </StatusBadge>
      </div>

      {view.error && (
        <div className="px-6 py-3">
          <Text size="small" className="text-ui-fg-error" data-testid="vipps-error">
            Vipps MobilePay could not be reached: {describeError(view.error)}. Showing the last stored amounts.
          </Text>
        </div>
      )}

      <div className="grid grid-cols-2 gap-x-4 gap-y-2 px-6 py-4">
        <Field label="Reference" testId="vipps-reference" value={view.reference} mono />
        <Field label="PSP reference" testId="vipps-psp-reference" value={view.psp_reference ?? "–"} mono />
        <Field label="Provider" testId="vipps-provider" value={view.provider_id} />
        <Field label="Vipps state" testId="vipps-vipps-state" value={view.state} />
      </div>

      <div className="grid grid-cols-2 gap-x-4 gap-y-2 px-6 py-4">
        {(["authorized", "captured", "refunded", "cancelled"] as const).map((name) => (
          <div key={name}>
            <Text size="small" className="text-ui-fg-subtle">{humanize(name)}</Text>
            <Text size="small" weight="plus" data-testid={`vipps-amount-${name}`} data-value={view.amounts[name]}>
              {formatMoney(view.currency, view.amounts[name])}
            </Text>
          </div>
        ))}
        <div className="col-span-2">
          <Text size="small" className="text-ui-fg-subtle">Capture deadline</Text>
          <div className="flex items-center gap-x-2">
            <Text size="small" data-testid="vipps-capture-deadline" data-value={view.capture_deadline ?? ""} data-warning={view.deadline_warning ?? ""}>
              {formatTime(view.capture_deadline)}
            </Text>
            {view.deadline_warning && (
              <Badge size="2xsmall" color={view.deadline_warning === "passed" ? "red" : "orange"} data-testid="vipps-deadline-warning">
                {view.deadline_warning === "passed"
                  ? "Deadline passed: the reservation can no longer be captured"
                  : `Capture soon: ${formatMoney(view.currency, view.available.capture)} still reserved`}
              </Badge>
            )}
          </div>
        </div>
        {(view.amounts.captured !== view.medusa.captured || view.amounts.refunded !== view.medusa.refunded) && view.amounts_source === "vipps" && (
          <Text size="small" className="col-span-2 text-ui-fg-subtle" data-testid="vipps-out-of-sync">
            Medusa shows captured {formatMoney(view.currency, view.medusa.captured)}, refunded {formatMoney(view.currency, view.medusa.refunded)}. Use “Refresh from Vipps” to import changes made outside Medusa.
          </Text>
        )}
      </div>

      <Problems view={view} />

      <Actions view={view} pending={mutation.isPending} onAction={(action) => mutation.mutate(action)} />

      <EventLog events={view.events} currency={view.currency} />
    </Container>
  )
}

function Field({ label, value, testId, mono }: { label: string; value: string; testId: string; mono?: boolean }) {
  return (
    <div className="min-w-0">
      <Text size="small" className="text-ui-fg-subtle">{label}</Text>
      <Text size="small" className={mono ? "truncate font-mono" : "truncate"} title={value} data-testid={testId} data-value={value}>
        {value}
      </Text>
    </div>
  )
}

/** Failed captures/releases recorded by the plugin and why the order could not be placed, if so. */
function Problems({ view }: { view: VippsPaymentView }) {
  const failures = view.capture_failures.filter((f) => !f.resolved_at)
  const messages = [
    ...failures.map((f) => `Capture failed: ${describeError(f)}`),
    ...view.release_failures.map((f) => `Release failed: ${describeError(f)}`),
    ...(view.completion_error ? [view.completion_error] : []),
    ...(view.failure_message ? [view.failure_message] : []),
  ]
  if (!messages.length) return null
  return (
    <div className="flex flex-col gap-y-1 px-6 py-3" data-testid="vipps-problems">
      {messages.map((message, i) => (
        <Text key={i} size="small" className="text-ui-fg-error">{message}</Text>
      ))}
    </div>
  )
}

type Confirm = { action: Action; title: string; description: string }

function Actions({ view, pending, onAction }: { view: VippsPaymentView; pending: boolean; onAction: (action: Action) => void }) {
  const [capture, setCapture] = useState("")
  const [refund, setRefund] = useState("")
  const [confirm, setConfirm] = useState<Confirm | null>(null)
  const c = view.currency
  const fits = (text: string, max: string) => {
    const minor = toMinor(text)
    return minor !== undefined && minor <= (toMinor(max) ?? 0)
  }
  const canCapture = !isZero(view.available.capture) && fits(capture, view.available.capture)
  const canRefund = !isZero(view.available.refund) && fits(refund, view.available.refund)
  const canRelease = !isZero(view.available.release)

  const ask = (next: Confirm) => setConfirm(next)
  const run = () => {
    if (!confirm) return
    const { action } = confirm
    setConfirm(null)
    onAction(action)
    if (action.name === "capture") setCapture("")
    if (action.name === "refund") setRefund("")
  }

  return (
    <div className="flex flex-col gap-y-3 px-6 py-4">
      <AmountAction
        label="Capture"
        testId="vipps-capture"
        value={capture}
        onChange={setCapture}
        max={view.available.capture}
        currency={c}
        disabled={pending || !canCapture}
        inputDisabled={isZero(view.available.capture)}
        onSubmit={() =>
          ask({
            action: { name: "capture", amount: capture.trim() },
            title: `Capture ${formatMoney(c, capture.trim())}?`,
            description: `The customer is charged ${formatMoney(c, capture.trim())} now. ${formatMoney(c, view.available.capture)} is still reserved.`,
          })
        }
      />
      <AmountAction
        label="Refund"
        testId="vipps-refund"
        value={refund}
        onChange={setRefund}
        max={view.available.refund}
        currency={c}
        disabled={pending || !canRefund}
        inputDisabled={isZero(view.available.refund)}
        onSubmit={() =>
          ask({
            action: { name: "refund", amount: refund.trim() },
            title: `Refund ${formatMoney(c, refund.trim())}?`,
            description: `${formatMoney(c, refund.trim())} is paid back to the customer. This cannot be undone.`,
          })
        }
      />
      <div className="flex flex-wrap gap-2">
        <Button
          size="small"
          variant="secondary"
          data-testid="vipps-release-submit"
          disabled={pending || !canRelease}
          onClick={() =>
            ask({
              action: { name: "release" },
              title: `Release ${formatMoney(c, view.available.release)}?`,
              description: `The uncaptured ${formatMoney(c, view.available.release)} is released to the customer and can no longer be captured.`,
            })
          }
        >
          Release remaining {canRelease ? formatMoney(c, view.available.release) : ""}
        </Button>
        <Button size="small" variant="secondary" data-testid="vipps-refresh" disabled={pending} isLoading={pending} onClick={() => onAction({ name: "refresh" })}>
          Refresh from Vipps
        </Button>
      </div>

      <Prompt open={!!confirm} variant="confirmation" onOpenChange={(open) => !open && setConfirm(null)}>
        <Prompt.Content data-testid="vipps-confirm-dialog">
          <Prompt.Header>
            <Prompt.Title>{confirm?.title}</Prompt.Title>
            <Prompt.Description>{confirm?.description}</Prompt.Description>
          </Prompt.Header>
          <Prompt.Footer>
            <Prompt.Cancel data-testid="vipps-confirm-cancel" onClick={() => setConfirm(null)}>Cancel</Prompt.Cancel>
            <Prompt.Action data-testid="vipps-confirm" onClick={run}>Confirm</Prompt.Action>
          </Prompt.Footer>
        </Prompt.Content>
      </Prompt>
    </div>
  )
}

function AmountAction(props: {
  label: string
  testId: string
  value: string
  onChange: (value: string) => void
  max: string
  currency: string
  disabled: boolean
  inputDisabled: boolean
  onSubmit: () => void
}) {
  const id = `${props.testId}-amount`
  return (
    <form
      className="flex items-end gap-x-2"
      onSubmit={(event) => {
        event.preventDefault()
        if (!props.disabled) props.onSubmit()
      }}
    >
      <div className="flex-1">
        <Label size="small" htmlFor={id} className="text-ui-fg-subtle">
          {props.label} amount (max {formatMoney(props.currency, props.max)})
        </Label>
        <Input
          id={id}
          size="small"
          inputMode="decimal"
          placeholder={props.max}
          value={props.value}
          disabled={props.inputDisabled}
          data-testid={id}
          onChange={(event) => props.onChange(event.target.value)}
        />
      </div>
      <Button size="small" type="submit" variant="secondary" disabled={props.disabled} data-testid={`${props.testId}-submit`}>
        {props.label}
      </Button>
    </form>
  )
}

function EventLog({ events, currency }: { events: VippsEventRow[]; currency: string }) {
  return (
    <div className="px-6 py-4">
      <Text size="small" weight="plus" className="mb-2">Event log</Text>
      {/* The log has many columns: scroll inside the card rather than overflow it. */}
      <div className="overflow-x-auto">
      <Table data-testid="vipps-event-log">
        <Table.Header>
          <Table.Row>
            <Table.HeaderCell>Time</Table.HeaderCell>
            <Table.HeaderCell>Event</Table.HeaderCell>
            <Table.HeaderCell>Amount</Table.HeaderCell>
            <Table.HeaderCell>Success</Table.HeaderCell>
            <Table.HeaderCell>Idempotency key</Table.HeaderCell>
            <Table.HeaderCell>Source</Table.HeaderCell>
          </Table.Row>
        </Table.Header>
        <Table.Body>
          {events.map((event) => (
            <Table.Row
              key={`${event.psp_reference}:${event.event}`}
              data-testid="vipps-event-row"
              data-event={event.event}
              data-amount={event.amount}
              data-success={String(event.success)}
              data-source={event.source}
            >
              <Table.Cell title={event.time}>{formatTime(event.time)}</Table.Cell>
              <Table.Cell>{event.event}</Table.Cell>
              <Table.Cell data-value={event.amount}>{formatMoney(event.currency || currency, event.amount)}</Table.Cell>
              <Table.Cell>{event.success ? "Yes" : "No"}</Table.Cell>
              <Table.Cell className="max-w-[140px] truncate font-mono" title={event.idempotency_key ?? ""}>
                {event.idempotency_key ?? "–"}
              </Table.Cell>
              <Table.Cell title={event.webhook_error ?? undefined}>
                {event.source === "both" ? "Vipps + webhook" : event.source === "vipps" ? "Vipps" : "Webhook"}
                {event.webhook_status && event.webhook_status !== "processed" ? ` (${event.webhook_status})` : ""}
              </Table.Cell>
            </Table.Row>
          ))}
        </Table.Body>
      </Table>
      </div>
      {events.length === 0 && (
        <Text size="small" className="text-ui-fg-subtle mt-2" data-testid="vipps-event-log-empty">No events from Vipps MobilePay yet.</Text>
      )}
    </div>
  )
}

export const config = defineWidgetConfig({
  // The main column: the event log needs the width.
  zone: "order.details.after",
  id: "medusa-payment-vipps:order-card",
})

export default VippsPaymentsWidget
