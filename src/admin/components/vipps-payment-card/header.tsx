// The card's title row (heading and the payment status in plain words) and the notice when Vipps could not be reached.
import { Heading, StatusBadge, Text } from "@medusajs/ui"
import { spaced, statusColor } from "../../lib/format"
import { useVippsTranslation } from "../../lib/use-vipps-translation"
import { VippsAdminError, VippsPaymentView, describeError } from "../../lib/vipps-types"

export function CardHeader({ view }: { view: VippsPaymentView }) {
  const { t } = useVippsTranslation()
  const color = statusColor(view.status)
  // A status this version has no words for (a newer server) shows as its name, in grey.
  const label = color === "grey" ? spaced(view.status) : t(`status.${view.status}`)
  return (
    <div className="flex items-center justify-between gap-x-2 px-6 py-4">
      <Heading level="h2">Vipps MobilePay</Heading>
      <StatusBadge
        color={color}
        className="text-nowrap"
        data-testid="vipps-state"
        data-value={view.status}
        data-state={view.state}
        data-color={color}
      >
        {label}
      </StatusBadge>
    </div>
  )
}

/** The live read from Vipps failed: the card shows the amounts stored in Medusa. One sentence. */
export function UnreachableNotice({ error }: { error: VippsAdminError }) {
  const { t, trace } = useVippsTranslation()
  return (
    <div className="px-6 py-3">
      <Text size="small" className="text-ui-fg-error" data-testid="vipps-error">
        {t("card.unreachable", { reason: describeError(error, trace) })}
      </Text>
    </div>
  )
}
