// Who changed which setting of one provider, when, and from what to what (newest first).
import { Heading, Table, Text } from "@medusajs/ui"
import { useVippsTranslation } from "../../lib/use-vipps-translation"
import { VippsProviderSettings } from "../../lib/vipps-types"
import { describeValue, settingLabel } from "./labels"

export function SettingsHistory({ provider }: { provider: VippsProviderSettings }) {
  const { t, time } = useVippsTranslation()
  const id = provider.id
  return (
    <div className="flex flex-col gap-y-2">
      <Heading level="h3">{t("history.title")}</Heading>
      {provider.history.length === 0 ? (
        <Text size="small" className="text-ui-fg-subtle" data-testid={`vipps-settings-history-empty-${id}`}>
          {t("history.empty")}
        </Text>
      ) : (
        <Table data-testid={`vipps-settings-history-${id}`}>
          <Table.Header>
            <Table.Row>
              <Table.HeaderCell>{t("history.when")}</Table.HeaderCell>
              <Table.HeaderCell>{t("history.who")}</Table.HeaderCell>
              <Table.HeaderCell>{t("history.setting")}</Table.HeaderCell>
              <Table.HeaderCell>{t("history.change")}</Table.HeaderCell>
            </Table.Row>
          </Table.Header>
          <Table.Body>
            {provider.history.map((change) => (
              <Table.Row key={change.id} data-testid={`vipps-settings-change-${change.id}`}>
                <Table.Cell className="whitespace-nowrap">{time(change.created_at)}</Table.Cell>
                <Table.Cell>{change.actor_email ?? change.actor_id ?? t("history.unknownActor")}</Table.Cell>
                <Table.Cell>{settingLabel(t, change.name)}</Table.Cell>
                <Table.Cell className="whitespace-normal">
                  {`${describeValue(t, change.old_value)} → ${describeValue(t, change.new_value)}`}
                  {change.action === "reset" ? ` (${t("history.reset")})` : ""}
                </Table.Cell>
              </Table.Row>
            ))}
          </Table.Body>
        </Table>
      )}
    </div>
  )
}
