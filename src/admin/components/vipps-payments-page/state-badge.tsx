// Vipps's state of a payment attempt as a badge, in Vipps's own words (as the portal and the
// card's detail show it): CREATED waits for the shopper, AUTHORIZED holds money, the others ended.
import { StatusBadge } from "@medusajs/ui"
import type { StatusColor } from "../../lib/format"

const STATE_COLORS: Record<string, StatusColor> = {
  CREATED: "orange",
  AUTHORIZED: "green",
  ABORTED: "red",
  EXPIRED: "red",
  TERMINATED: "grey",
}

export function VippsStateBadge({ state, testId }: { state: string; testId?: string }) {
  const color = STATE_COLORS[state] ?? "grey"
  return (
    <StatusBadge color={color} className="text-nowrap" data-testid={testId} data-value={state} data-color={color}>
      {state}
    </StatusBadge>
  )
}
