// The payment's identifiers, where its money stands (plain words) with the capture deadline, and recorded problems.
import { Badge, Text } from "@medusajs/ui"
import type { ReactNode } from "react"
import { NO_VALUE, isZero } from "../../lib/format"
import { shopperApp } from "../../lib/shopper-app"
import { AMOUNT_NAMES } from "../../lib/text-keys"
import { useVippsTranslation } from "../../lib/use-vipps-translation"
import { VippsPaymentView, describeError } from "../../lib/vipps-types"

/** Provider, the customer's app (or "Card" and its BIN), reference, PSP reference and, as a detail, the state Vipps reports. */
export function Identifiers({ view }: { view: VippsPaymentView }) {
  const { t } = useVippsTranslation()
  const card = view.payment_method === "CARD"
  // Vipps in Norway; MobilePay in Denmark and Finland for payments made before 12 January 2027.
  const app = card ? undefined : shopperApp(view.currency, view.authorized_at ?? view.events[0]?.time)
  return (
    <div className="flex flex-col gap-y-2 px-6 py-4">
      <Row label={t("card.provider")} testId="vipps-provider" value={view.provider_name} />
      {app && <Row label={t("card.app")} testId="vipps-app" value={app} />}
      {/* A freestanding card payment: paid on Vipps MobilePay's card form, without the app. */}
      {card && (
        <Row label={t("card.paidWith")} testId="vipps-payment-method" value={t("card.methodCard")}>
          {view.card_bin && (
            <Text size="xsmall" leading="compact" className="text-ui-fg-subtle" data-testid="vipps-card-bin" data-value={view.card_bin}>
              {t("card.cardBin", { bin: view.card_bin })}
            </Text>
          )}
        </Row>
      )}
      <Row label={t("card.reference")} testId="vipps-reference" value={view.reference} mono />
      <Row label={t("card.pspReference")} testId="vipps-psp-reference" value={view.psp_reference ?? NO_VALUE} mono />
      {/* Vipps keeps AUTHORIZED after captures and refunds: a detail, the badge and amounts say where the money is. */}
      <Row label={t("card.vippsState")} testId="vipps-vipps-state" value={view.state} subtle />
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

/** Reserved / captured / refunded / released, what is left to capture and until when, and a hint when Medusa's totals differ. */
export function Amounts({ view }: { view: VippsPaymentView }) {
  const { t, money, time } = useVippsTranslation()
  const leftToCapture = !isZero(view.available.capture)
  const c = view.currency
  return (
    <div className="flex flex-col gap-y-2 px-6 py-4">
      {AMOUNT_NAMES.map((name) => (
        <div key={name} className="flex items-center justify-between gap-x-4">
          <Text size="small" leading="compact" className="text-ui-fg-subtle">{t(`amounts.${name}`)}</Text>
          <Text size="small" leading="compact" weight="plus" data-testid={`vipps-amount-${name}`} data-value={view.amounts[name]}>
            {money(c, view.amounts[name])}
          </Text>
        </div>
      ))}
      {/* Only while something can still be captured: afterwards the deadline means nothing. */}
      {leftToCapture && (
        <Row label={t("card.captureBy")} testId="vipps-capture-deadline" value={time(view.capture_deadline)}>
          <Text size="xsmall" leading="compact" className="text-ui-fg-subtle" data-testid="vipps-left-to-capture" data-value={view.available.capture}>
            {t("card.leftToCapture", { amount: money(c, view.available.capture) })}
          </Text>
          {deadlineSource(view) && (
            <Text size="xsmall" leading="compact" className="text-ui-fg-subtle" data-testid="vipps-deadline-source" data-value={deadlineSource(view)}>
              {deadlineSource(view) === "guarantee" ? t("card.deadlineFromGuarantee") : t("card.deadlineFromMarket")}
            </Text>
          )}
          {view.deadline_warning && (
            <Badge size="2xsmall" color={view.deadline_warning === "passed" ? "red" : "orange"} data-testid="vipps-deadline-warning">
              {view.deadline_warning === "passed" ? t("card.deadlinePassed") : t("card.captureSoon")}
            </Badge>
          )}
        </Row>
      )}
      {view.in_progress.map((m, i) => (
        <Text key={i} size="small" className="text-ui-fg-subtle" data-testid="vipps-in-progress">
          {m.kind === "cancel"
            ? t("card.inProgress.release")
            : m.kind === "capture"
              ? t("card.inProgress.capture", { amount: money(c, m.amount) })
              : t("card.inProgress.refund", { amount: money(c, m.amount) })}
        </Text>
      ))}
      {(view.amounts.captured !== view.medusa.captured || view.amounts.refunded !== view.medusa.refunded) && view.amounts_source === "vipps" && (
        <Text size="small" className="text-ui-fg-subtle" data-testid="vipps-out-of-sync">
          {t("card.outOfSync", { captured: money(c, view.medusa.captured), refunded: money(c, view.medusa.refunded), refresh: t("actions.refresh") })}
        </Text>
      )}
    </div>
  )
}

/** Failed captures/releases recorded by the plugin and why the order could not be placed, if so. */
export function Problems({ view }: { view: VippsPaymentView }) {
  const { t, trace } = useVippsTranslation()
  const failures = view.capture_failures.filter((f) => !f.resolved_at)
  // The reasons are the server's and Vipps's own words (English); the sentence around them is translated.
  const messages = [
    ...failures.map((f) => t("card.captureFailed", { reason: describeError(f, trace) })),
    ...view.release_failures.map((f) => t("card.releaseFailed", { reason: describeError(f, trace) })),
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

/** Where the deadline comes from: Vipps's captureGuaranteedUntil when it ends before the market's capture period, else that period. */
function deadlineSource(view: VippsPaymentView): "guarantee" | "market" | undefined {
  const { capture_deadline: deadline, capture_guaranteed_until: guarantee, capture_period_ends: period } = view
  if (!deadline) return undefined
  if (guarantee && deadline === guarantee && (!period || Date.parse(guarantee) < Date.parse(period))) return "guarantee"
  return period ? "market" : undefined
}
