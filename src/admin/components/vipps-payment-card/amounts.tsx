// The payment's identifiers, its amounts at Vipps with the capture deadline, and recorded problems.
import { Badge, Text } from "@medusajs/ui"
import { NO_VALUE, formatMoney, formatTime, humanize } from "../../lib/format"
import { VippsPaymentView, describeError } from "../../lib/vipps-types"

/** Reference, PSP reference, provider and Vipps state. */
export function Identifiers({ view }: { view: VippsPaymentView }) {
  return (
    <div className="grid grid-cols-2 gap-x-4 gap-y-2 px-6 py-4">
      <Field label="Reference" testId="vipps-reference" value={view.reference} mono />
      <Field label="PSP reference" testId="vipps-psp-reference" value={view.psp_reference ?? NO_VALUE} mono />
      <Field label="Provider" testId="vipps-provider" value={view.provider_id} />
      <Field label="Vipps state" testId="vipps-vipps-state" value={view.state} />
    </div>
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

/** Authorized/captured/refunded/cancelled, the capture deadline, and a hint when Medusa's totals differ. */
export function Amounts({ view }: { view: VippsPaymentView }) {
  return (
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
      {view.in_progress.map((m, i) => (
        <Text key={i} size="small" className="col-span-2 text-ui-fg-subtle" data-testid="vipps-in-progress">
          {m.kind === "cancel" ? "Release" : m.kind === "capture" ? "Capture" : "Refund"} in progress
          {m.kind === "cancel" ? "" : ` (${formatMoney(view.currency, m.amount)})`}: waiting for Vipps MobilePay to confirm. If this
          stays, the reconciliation job finishes it within a few minutes.
        </Text>
      ))}
      {(view.amounts.captured !== view.medusa.captured || view.amounts.refunded !== view.medusa.refunded) && view.amounts_source === "vipps" && (
        <Text size="small" className="col-span-2 text-ui-fg-subtle" data-testid="vipps-out-of-sync">
          Medusa shows captured {formatMoney(view.currency, view.medusa.captured)}, refunded {formatMoney(view.currency, view.medusa.refunded)}. Use “Refresh from Vipps” to import changes made outside Medusa.
        </Text>
      )}
    </div>
  )
}

/** Failed captures/releases recorded by the plugin and why the order could not be placed, if so. */
export function Problems({ view }: { view: VippsPaymentView }) {
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
