// The card's title row (heading and payment status badge) and the notice when Vipps could not be reached.
import { Heading, StatusBadge, Text } from "@medusajs/ui"
import { STATUS_COLOR, humanize } from "../../lib/format"
import { VippsAdminError, VippsPaymentView, describeError } from "../../lib/vipps-types"

export function CardHeader({ view }: { view: VippsPaymentView }) {
  return (
    <div className="flex items-center justify-between px-6 py-4">
      <Heading level="h2">Vipps MobilePay</Heading>
      <StatusBadge color={STATUS_COLOR[view.status] ?? "grey"} data-testid="vipps-state" data-value={view.status} data-state={view.state}>
        {humanize(view.status)}
      </StatusBadge>
    </div>
  )
}

/** The live read from Vipps failed: the card shows the amounts stored in Medusa. */
export function UnreachableNotice({ error }: { error: VippsAdminError }) {
  return (
    <div className="px-6 py-3">
      <Text size="small" className="text-ui-fg-error" data-testid="vipps-error">
        Vipps MobilePay could not be reached: {describeError(error)}. Showing the last stored amounts.
      </Text>
    </div>
  )
}
