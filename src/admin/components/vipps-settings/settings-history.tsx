// Who changed which setting of one provider, when, and from what to what (newest first).
import { Heading, Table, Text } from "@medusajs/ui"
import { formatTime } from "../../lib/format"
import { VippsProviderSettings } from "../../lib/vipps-types"
import { SETTING_LABELS, describeValue } from "./labels"

export function SettingsHistory({ provider }: { provider: VippsProviderSettings }) {
  const id = provider.id
  return (
    <div className="flex flex-col gap-y-2">
      <Heading level="h3">Change history</Heading>
      {provider.history.length === 0 ? (
        <Text size="small" className="text-ui-fg-subtle" data-testid={`vipps-settings-history-empty-${id}`}>
          No setting was changed in the admin: every setting has its medusa-config value.
        </Text>
      ) : (
        <Table data-testid={`vipps-settings-history-${id}`}>
          <Table.Header>
            <Table.Row>
              <Table.HeaderCell>When</Table.HeaderCell>
              <Table.HeaderCell>Who</Table.HeaderCell>
              <Table.HeaderCell>Setting</Table.HeaderCell>
              <Table.HeaderCell>Change</Table.HeaderCell>
            </Table.Row>
          </Table.Header>
          <Table.Body>
            {provider.history.map((change) => (
              <Table.Row key={change.id} data-testid={`vipps-settings-change-${change.id}`}>
                <Table.Cell className="whitespace-nowrap">{formatTime(change.created_at)}</Table.Cell>
                <Table.Cell>{change.actor_email ?? change.actor_id ?? "unknown"}</Table.Cell>
                <Table.Cell>{SETTING_LABELS[change.name as keyof typeof SETTING_LABELS]?.label ?? change.name}</Table.Cell>
                <Table.Cell className="whitespace-normal">
                  {`${describeValue(change.old_value)} → ${describeValue(change.new_value)}`}
                  {change.action === "reset" ? " (reset to the medusa-config value)" : ""}
                </Table.Cell>
              </Table.Row>
            ))}
          </Table.Body>
        </Table>
      )}
    </div>
  )
}
