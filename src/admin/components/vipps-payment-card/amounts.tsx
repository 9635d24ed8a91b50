// The payment's identifiers, where its money stands (plain words) with the capture deadline, and recorded problems.
import { Badge, Text } from "@medusajs/ui"
import type { ReactNode } from "react"
import { NO_VALUE, formatMoney, formatTime, isZero } from "../../lib/format"
import { VippsPaymentView, describeError } from "../../lib/vipps-types"

/** Provider, reference, PSP reference and, as a detail, the state Vipps reports. */
export function Identifiers({ view }: { view: VippsPaymentView }) {
  return (
    <div className="flex flex-col gap-y-2 px-6 py-4">
      <Row label="Provider" testId="vipps-provider" value={view.provider_name} />
      <Row label="Reference" testId="vipps-reference" value={view.reference} mono />
      <Row label="PSP reference" testId="vipps-psp-reference" value={view.psp_reference ?? NO_VALUE} mono />
      {/* Vipps keeps AUTHORIZED after captures and refunds: a detail, the badge and amounts say where the money is. */}
      <Row label="Vipps state" testId="vipps-vipps-state" value={view.state} subtle />
    </div>
  )
}

function Row(props: { label: string; value: string; testId: string; mono?: boolean; subtle?: boolean; children?: ReactNode }) {
  const valueClass = [props.mono ? "font-mono break-all" : "", props.subtle ? "text-ui-fg-subtle" : ""].join(" ").trim()
  return (
    <div className="grid grid-cols-[auto_1fr] items-start gap-x-4">
      <Text size="small" leading="compact" className="text-ui-fg-subtle">{props.label}</Text>
      <div className="flex min-w-0 flex-col items-end gap-y-1 text-right">
        <Text size="small" leading="compact" className={valueClass} data-testid={props.testId} data-value={props.value}>
          {props.value}
        </Text>
        {props.children}
      </div>
    </div>
  )
}

// Vipps's aggregate names → what support calls them.
const AMOUNT_LABELS = [
  ["authorized", "Reserved"],
  ["captured", "Captured"],
  ["refunded", "Refunded"],
  ["cancelled", "Released"],
] as const

/** Reserved / captured / refunded / released, what is left to capture and until when, and a hint when Medusa's totals differ. */
export function Amounts({ view }: { view: VippsPaymentView }) {
  const leftToCapture = !isZero(view.available.capture)
  return (
    <div className="flex flex-col gap-y-2 px-6 py-4">
      {AMOUNT_LABELS.map(([name, label]) => (
        <div key={name} className="flex items-center justify-between gap-x-4">
          <Text size="small" leading="compact" className="text-ui-fg-subtle">{label}</Text>
          <Text size="small" leading="compact" weight="plus" data-testid={`vipps-amount-${name}`} data-value={view.amounts[name]}>
            {formatMoney(view.currency, view.amounts[name])}
          </Text>
        </div>
      ))}
      {/* Only while something can still be captured: afterwards the deadline means nothing. */}
      {leftToCapture && (
        <Row label="Capture by" testId="vipps-capture-deadline" value={formatTime(view.capture_deadline)}>
          <Text size="xsmall" leading="compact" className="text-ui-fg-subtle" data-testid="vipps-left-to-capture" data-value={view.available.capture}>
            {`${formatMoney(view.currency, view.available.capture)} left to capture`}
          </Text>
          {view.deadline_warning && (
            <Badge size="2xsmall" color={view.deadline_warning === "passed" ? "red" : "orange"} data-testid="vipps-deadline-warning">
              {view.deadline_warning === "passed" ? "Deadline passed: it can no longer be captured" : "Capture soon"}
            </Badge>
          )}
        </Row>
      )}
      {view.in_progress.map((m, i) => (
        <Text key={i} size="small" className="text-ui-fg-subtle" data-testid="vipps-in-progress">
          {`${m.kind === "cancel" ? "Release" : m.kind === "capture" ? "Capture" : "Refund"} in progress` +
            (m.kind === "cancel" ? "" : ` (${formatMoney(view.currency, m.amount)})`) +
            ": waiting for Vipps MobilePay to confirm. If this stays, the reconciliation job finishes it within a few minutes."}
        </Text>
      ))}
      {(view.amounts.captured !== view.medusa.captured || view.amounts.refunded !== view.medusa.refunded) && view.amounts_source === "vipps" && (
        <Text size="small" className="text-ui-fg-subtle" data-testid="vipps-out-of-sync">
          {`Medusa shows ${formatMoney(view.currency, view.medusa.captured)} captured and ${formatMoney(view.currency, view.medusa.refunded)} refunded. Use “Refresh from Vipps” to import changes made outside Medusa.`}
        </Text>
      )}
    </div>
  )
}

/** Failed captures/releases recorded by the plugin and why the order could not be placed, if so. */
export function Problems({ view }: { view: VippsPaymentView }) {
  const failures = view.capture_failures.filter((f) => !f.resolved_at)
  const messages = [
    ...failures.map((f) => `Capture failed: ${describeError(f)}.`),
    ...view.release_failures.map((f) => `Release failed: ${describeError(f)}.`),
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
