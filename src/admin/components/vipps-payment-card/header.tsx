// The card's title row (heading and the payment status in plain words) and the notice when Vipps could not be reached.
import { Heading, StatusBadge, Text } from "@medusajs/ui"
import { statusBadge } from "../../lib/format"
import { VippsAdminError, VippsPaymentView, describeError } from "../../lib/vipps-types"

export function CardHeader({ view }: { view: VippsPaymentView }) {
  const badge = statusBadge(view.status)
  return (
    <div className="flex items-center justify-between gap-x-2 px-6 py-4">
      <Heading level="h2">Vipps MobilePay</Heading>
      <StatusBadge
        color={badge.color}
        className="text-nowrap"
        data-testid="vipps-state"
        data-value={view.status}
        data-state={view.state}
        data-color={badge.color}
      >
        {badge.label}
      </StatusBadge>
    </div>
  )
}

/** The live read from Vipps failed: the card shows the amounts stored in Medusa. One sentence. */
export function UnreachableNotice({ error }: { error: VippsAdminError }) {
  return (
    <div className="px-6 py-3">
      <Text size="small" className="text-ui-fg-error" data-testid="vipps-error">
        {`Showing the last stored amounts because Vipps MobilePay could not be reached: ${describeError(error)}.`}
      </Text>
    </div>
  )
}
