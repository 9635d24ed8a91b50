// "All payments" / "Needs attention (n)", and with the latter one chip per reason with its count:
// the counts are over all payments (the server's attention summary), whatever the search.
import { Badge, Button } from "@medusajs/ui"
import { ATTENTION_REASONS, type AttentionReason, type VippsPaymentListResponse } from "../../lib/payment-list-types"
import { useVippsTranslation } from "../../lib/use-vipps-translation"

type Props = {
  attention: "any" | AttentionReason | undefined
  summary: VippsPaymentListResponse["attention"] | undefined
  onChange: (attention: "any" | AttentionReason | null) => void
}

export function AttentionBar({ attention, summary, onChange }: Props) {
  const { t } = useVippsTranslation()
  const total = summary?.total ?? 0
  return (
    <div className="flex flex-col gap-y-2 px-6 py-3">
      <div className="flex flex-wrap items-center gap-2" role="tablist">
        <Button size="small" variant={attention ? "transparent" : "secondary"} role="tab" aria-selected={!attention} data-testid="vipps-payments-tab-all" onClick={() => onChange(null)}>
          {t("paymentsPage.all")}
        </Button>
        <Button size="small" variant={attention ? "secondary" : "transparent"} role="tab" aria-selected={!!attention} data-testid="vipps-payments-tab-attention" data-count={total} onClick={() => onChange("any")}>
          {t("paymentsPage.needsAttention")}
          <Badge size="2xsmall" color={total ? "orange" : "grey"} data-testid="vipps-payments-attention-count">{total}</Badge>
        </Button>
      </div>
      {attention && summary && (
        <div className="flex flex-wrap gap-2" data-testid="vipps-payments-reasons">
          {ATTENTION_REASONS.map((reason) => {
            const count = summary.reasons[reason] ?? 0
            const active = attention === reason
            return (
              <Button
                key={reason}
                size="small"
                variant={active ? "secondary" : "transparent"}
                disabled={!count && !active}
                data-testid={`vipps-payments-reason-${reason}`}
                data-count={count}
                aria-pressed={active}
                onClick={() => onChange(active ? "any" : reason)}
              >
                {t(`paymentsPage.reason.${reason}`)} · {count}
              </Button>
            )
          })}
        </div>
      )}
    </div>
  )
}
