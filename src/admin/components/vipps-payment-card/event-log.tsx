// The event log: Vipps's events for the payment merged with the webhooks the store received.
// A list rather than a table: every field stays readable at the width of the side column.
import { Badge, Text } from "@medusajs/ui"
import { spaced } from "../../lib/format"
import { DELIVERY_STATUSES, isOneOf } from "../../lib/text-keys"
import { useVippsTranslation } from "../../lib/use-vipps-translation"
import { VippsEventRow } from "../../lib/vipps-types"

export function EventLog({ events, currency }: { events: VippsEventRow[]; currency: string }) {
  const { t, money, time } = useVippsTranslation()
  // Vipps's event names (AUTHORIZED, CAPTURED…) stay as Vipps writes them: they are what the portal and its API say.
  const webhookStatus = (status: string) => isOneOf(DELIVERY_STATUSES, status) ? t(`events.webhookStatus.${status}`) : t("events.webhookStatus.other", { status: spaced(status) })
  return (
    <div className="px-6 py-4">
      <Text size="small" leading="compact" weight="plus" className="mb-2">{t("events.title")}</Text>
      <ul className="flex flex-col divide-y divide-dashed" data-testid="vipps-event-log">
        {events.map((event) => (
          <li
            key={`${event.psp_reference}:${event.event}`}
            className="flex min-w-0 flex-col gap-y-0.5 py-2"
            data-testid="vipps-event-row"
            data-event={event.event}
            data-amount={event.amount}
            data-success={String(event.success)}
            data-source={event.source}
          >
            <div className="flex items-center justify-between gap-x-2">
              <div className="flex min-w-0 items-center gap-x-2">
                <Text size="small" leading="compact" weight="plus" className="font-mono">{event.event}</Text>
                {!event.success && <Badge size="2xsmall" color="red">{t("events.failed")}</Badge>}
              </div>
              <Text size="small" leading="compact" data-value={event.amount}>
                {money(event.currency || currency, event.amount)}
              </Text>
            </div>
            <Text size="xsmall" leading="compact" className="text-ui-fg-subtle" title={event.webhook_error ?? undefined} data-testid="vipps-event-meta">
              {time(event.time)} · {t(`events.source.${event.source}`)}
              {event.webhook_status && event.webhook_status !== "processed" ? ` (${webhookStatus(event.webhook_status)})` : ""}
            </Text>
            {event.idempotency_key && (
              <Text size="xsmall" leading="compact" className="text-ui-fg-muted break-all font-mono" title={t("events.idempotencyKey")}>
                {event.idempotency_key}
              </Text>
            )}
          </li>
        ))}
      </ul>
      {events.length === 0 && (
        <Text size="small" className="text-ui-fg-subtle mt-2" data-testid="vipps-event-log-empty">{t("events.empty")}</Text>
      )}
    </div>
  )
}
