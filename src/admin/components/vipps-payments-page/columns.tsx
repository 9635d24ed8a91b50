// The list's columns: reference, PSP reference, order (link) or cart, customer (masked email and
// phone), amount, captured, refunded, Vipps state with the reasons a row needs attention, capture
// deadline, sales unit and last event. Money and dates as the order card shows them.
import { Badge, Text, createDataTableColumnHelper } from "@medusajs/ui"
import { useMemo } from "react"
import { Link } from "react-router-dom"
import { NO_VALUE, isZero } from "../../lib/format"
import type { VippsPaymentListRow, VippsSalesUnitSummary } from "../../lib/payment-list-types"
import { useVippsTranslation } from "../../lib/use-vipps-translation"
import { VippsStateBadge } from "./state-badge"

const column = createDataTableColumnHelper<VippsPaymentListRow>()

export function usePaymentColumns(salesUnits: VippsSalesUnitSummary[]) {
  const { t, money, time } = useVippsTranslation()
  return useMemo(() => {
    const unitName = (msn: string | null) => (msn ? salesUnits.find((u) => u.msn === msn)?.name ?? msn : NO_VALUE)
    const amount = (name: "amount" | "captured" | "refunded", header: string) =>
      column.accessor(name, {
        header,
        align: "right",
        cell: ({ row }) => (
          <span data-testid={`vipps-payments-${name}`} data-value={row.original[name]} className={isZero(row.original[name]) && name !== "amount" ? "text-ui-fg-muted" : ""}>
            {money(row.original.currency.toUpperCase(), row.original[name])}
          </span>
        ),
      })
    return [
      column.accessor("reference", {
        header: t("card.reference"),
        cell: ({ row }) => (
          <span className="font-mono txt-compact-xsmall" data-testid="vipps-payments-row" data-reference={row.original.reference} data-attention={row.original.attention.join(",")}>
            {row.original.reference}
          </span>
        ),
      }),
      column.accessor("psp_reference", {
        header: t("card.pspReference"),
        cell: ({ row }) => <span className="font-mono txt-compact-xsmall">{row.original.psp_reference ?? NO_VALUE}</span>,
      }),
      column.display({
        id: "order",
        header: t("paymentsPage.column.orderOrCart"),
        cell: ({ row }) => {
          const { order, cart_id } = row.original
          if (order)
            return (
              <Link to={`/orders/${order.id}`} className="text-ui-fg-interactive hover:text-ui-fg-interactive-hover" data-testid="vipps-payments-order" onClick={(event) => event.stopPropagation()}>
                #{order.display_id}
              </Link>
            )
          return (
            <span className="text-ui-fg-subtle" data-testid="vipps-payments-no-order" title={cart_id ? t("paymentsPage.cart", { id: cart_id }) : undefined}>
              {t("paymentsPage.noOrder")}
            </span>
          )
        },
      }),
      column.display({
        id: "customer",
        header: t("paymentsPage.column.customer"),
        cell: ({ row }) => (
          <div className="flex flex-col" data-testid="vipps-payments-customer">
            <Text size="small" leading="compact">{row.original.email ?? NO_VALUE}</Text>
            {row.original.phone && <Text size="xsmall" leading="compact" className="text-ui-fg-subtle">{row.original.phone}</Text>}
          </div>
        ),
      }),
      amount("amount", t("paymentsPage.column.amount")),
      amount("captured", t("amounts.captured")),
      amount("refunded", t("amounts.refunded")),
      column.accessor("state", {
        header: t("card.vippsState"),
        // The reasons it needs attention, if any, under the state: one column fewer to scroll to.
        cell: ({ row }) => (
          <div className="flex flex-col items-start gap-1 py-1">
            <VippsStateBadge state={row.original.state} testId="vipps-payments-state" />
            {row.original.attention.map((reason) => (
              <Badge key={reason} size="2xsmall" color="orange" data-testid="vipps-payments-reason" data-value={reason}>
                {t(`paymentsPage.reason.${reason}`)}
              </Badge>
            ))}
          </div>
        ),
        truncateTooltip: false,
      }),
      column.accessor("capture_deadline", {
        header: t("card.captureBy"),
        cell: ({ row }) => (
          <span className={row.original.attention.includes("capture_deadline_soon") ? "text-ui-fg-error" : ""}>{time(row.original.capture_deadline)}</span>
        ),
      }),
      column.accessor("msn", {
        header: t("paymentsPage.column.salesUnit"),
        cell: ({ row }) => unitName(row.original.msn),
      }),
      column.accessor("last_event_at", {
        header: t("paymentsPage.column.lastEvent"),
        cell: ({ row }) => time(row.original.last_event_at ?? row.original.created_at),
      }),
    ]
  }, [t, money, time, salesUnits])
}
