// One provider's credentials: masked, where each comes from (environment variable or medusa-config
// option) and what to change to rotate it. Never editable here: they are not kept in the database.
import { Heading, Table, Text } from "@medusajs/ui"
import { VippsProviderSettings } from "../../lib/vipps-types"

export function Credentials({ provider }: { provider: VippsProviderSettings }) {
  const id = provider.id
  return (
    <div className="flex flex-col gap-y-2">
      <div>
        <Heading level="h3">Credentials</Heading>
        <Text size="small" className="text-ui-fg-subtle">
          Read from medusa-config.ts when Medusa starts, never stored in the database. To rotate, change the source named here on every server and worker and restart them.
        </Text>
      </div>
      <Table data-testid={`vipps-credentials-${id}`}>
        <Table.Header>
          <Table.Row>
            <Table.HeaderCell>Credential</Table.HeaderCell>
            <Table.HeaderCell>Value</Table.HeaderCell>
            <Table.HeaderCell>Comes from</Table.HeaderCell>
          </Table.Row>
        </Table.Header>
        <Table.Body>
          {provider.credentials.map((c) => (
            <Table.Row key={c.name} data-testid={`vipps-credential-${id}-${c.name}`} title={c.rotate}>
              <Table.Cell>{c.label}</Table.Cell>
              <Table.Cell className="font-mono">{c.value}</Table.Cell>
              <Table.Cell className="whitespace-normal">
                {c.env.length ? `Environment variable ${c.env.join(" / ")}` : `medusa-config.ts: option ${c.option} (entry "${c.entry_id}")`}
              </Table.Cell>
            </Table.Row>
          ))}
        </Table.Body>
      </Table>
      <Text size="xsmall" className="text-ui-fg-subtle" data-testid={`vipps-credentials-rotate-${id}`}>
        {provider.credentials.find((c) => c.name === "clientSecret")?.rotate}
      </Text>
    </div>
  )
}
