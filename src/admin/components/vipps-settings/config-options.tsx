// The medusa-config options that only change with a restart (credentials and editable settings have their own panels).
import { Heading, Table } from "@medusajs/ui"
import { NO_VALUE } from "../../lib/format"
import { useVippsTranslation } from "../../lib/use-vipps-translation"
import { VippsProviderSettings } from "../../lib/vipps-types"

const SHOWN_ELSEWHERE = new Set(["merchantSerialNumber", "clientId", "clientSecret", "subscriptionKey", "capture", "paymentDescription", "userFlow", "orderDetailsUrl", "express"])

export function ConfigOptions({ provider }: { provider: VippsProviderSettings }) {
  const { t } = useVippsTranslation()
  const id = provider.id
  return (
    <div className="flex flex-col gap-y-2">
      <Heading level="h3">{t("options.title")}</Heading>
      <Table data-testid={`vipps-options-${id}`}>
        <Table.Header>
          <Table.Row>
            <Table.HeaderCell>{t("options.option")}</Table.HeaderCell>
            <Table.HeaderCell>{t("options.value")}</Table.HeaderCell>
          </Table.Row>
        </Table.Header>
        <Table.Body>
          {Object.entries(provider.options)
            .filter(([name]) => !SHOWN_ELSEWHERE.has(name))
            .map(([name, value]) => (
              <Table.Row key={name}>
                <Table.Cell>{name}</Table.Cell>
                <Table.Cell className="font-mono" data-testid={`vipps-option-${id}-${name}`}>
                  {value === undefined || value === null ? NO_VALUE : typeof value === "object" ? JSON.stringify(value) : String(value)}
                </Table.Cell>
              </Table.Row>
            ))}
        </Table.Body>
      </Table>
    </div>
  )
}
