// The event log: Vipps's events for the payment merged with the webhooks the store received.
import { Table, Text } from "@medusajs/ui"
import { NO_VALUE, formatMoney, formatTime } from "../../lib/format"
import { VippsEventRow } from "../../lib/vipps-types"

export function EventLog({ events, currency }: { events: VippsEventRow[]; currency: string }) {
  return (
    <div className="px-6 py-4">
      <Text size="small" weight="plus" className="mb-2">Event log</Text>
      {/* The log has many columns: scroll inside the card rather than overflow it. */}
      <div className="overflow-x-auto">
      <Table data-testid="vipps-event-log">
        <Table.Header>
          <Table.Row>
            <Table.HeaderCell>Time</Table.HeaderCell>
            <Table.HeaderCell>Event</Table.HeaderCell>
            <Table.HeaderCell>Amount</Table.HeaderCell>
            <Table.HeaderCell>Success</Table.HeaderCell>
            <Table.HeaderCell>Idempotency key</Table.HeaderCell>
            <Table.HeaderCell>Source</Table.HeaderCell>
          </Table.Row>
        </Table.Header>
        <Table.Body>
          {events.map((event) => (
            <Table.Row
              key={`${event.psp_reference}:${event.event}`}
              data-testid="vipps-event-row"
              data-event={event.event}
              data-amount={event.amount}
              data-success={String(event.success)}
              data-source={event.source}
            >
              <Table.Cell title={event.time}>{formatTime(event.time)}</Table.Cell>
              <Table.Cell>{event.event}</Table.Cell>
              <Table.Cell data-value={event.amount}>{formatMoney(event.currency || currency, event.amount)}</Table.Cell>
              <Table.Cell>{event.success ? "Yes" : "No"}</Table.Cell>
              <Table.Cell className="max-w-[140px] truncate font-mono" title={event.idempotency_key ?? ""}>
                {event.idempotency_key ?? NO_VALUE}
              </Table.Cell>
              <Table.Cell title={event.webhook_error ?? undefined}>
                {event.source === "both" ? "Vipps + webhook" : event.source === "vipps" ? "Vipps" : "Webhook"}
                {event.webhook_status && event.webhook_status !== "processed" ? ` (${event.webhook_status})` : ""}
              </Table.Cell>
            </Table.Row>
          ))}
        </Table.Body>
      </Table>
      </div>
      {events.length === 0 && (
        <Text size="small" className="text-ui-fg-subtle mt-2" data-testid="vipps-event-log-empty">No events from Vipps MobilePay yet.</Text>
      )}
    </div>
  )
}
