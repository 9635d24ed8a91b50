// One provider's credentials: masked, where each comes from (environment variable or medusa-config
// option) and what to change to rotate it. Never editable here: they are not kept in the database.
import { Heading, Table, Text } from "@medusajs/ui"
import { CREDENTIAL_NAMES, isOneOf } from "../../lib/text-keys"
import { useVippsTranslation } from "../../lib/use-vipps-translation"
import type { VippsT } from "../../lib/translate"
import { VippsCredential, VippsProviderSettings } from "../../lib/vipps-types"

/** Where the API keys are made in the business portal (its menu, as the portal names it). */
const PORTAL = "portal.vippsmobilepay.com → For developers → API keys"

const known = (name: string) => isOneOf(CREDENTIAL_NAMES, name)

/** "Environment variable VIPPS_CLIENT_SECRET" or "medusa-config.ts: option clientSecret (entry "vipps")". */
function sourceOf(t: VippsT, c: VippsCredential) {
  return c.env.length ? t("credentials.fromEnv", { names: c.env.join(" / ") }) : t("credentials.fromOption", { option: c.option, entry: c.entry_id })
}

/** How to rotate it, in the admin's language (the server's English `rotate` for a credential this version does not know). */
function rotateText(t: VippsT, c: VippsCredential) {
  if (!known(c.name)) return c.rotate
  const where = c.env.length ? t("credentials.whereEnv", { names: c.env.join(" / ") }) : t("credentials.whereOption", { option: c.option, entry: c.entry_id })
  return `${t(`credentials.rotate.${c.name}`, { portal: PORTAL })} ${t("credentials.change", { where })}`
}

export function Credentials({ provider }: { provider: VippsProviderSettings }) {
  const { t } = useVippsTranslation()
  const id = provider.id
  const secret = provider.credentials.find((c) => c.name === "clientSecret")
  return (
    <div className="flex flex-col gap-y-2">
      <div>
        <Heading level="h3">{t("credentials.title")}</Heading>
        <Text size="small" className="text-ui-fg-subtle">
          {t("credentials.intro")}
        </Text>
      </div>
      <Table data-testid={`vipps-credentials-${id}`}>
        <Table.Header>
          <Table.Row>
            <Table.HeaderCell>{t("credentials.credential")}</Table.HeaderCell>
            <Table.HeaderCell>{t("credentials.value")}</Table.HeaderCell>
            <Table.HeaderCell>{t("credentials.comesFrom")}</Table.HeaderCell>
          </Table.Row>
        </Table.Header>
        <Table.Body>
          {provider.credentials.map((c) => (
            <Table.Row key={c.name} data-testid={`vipps-credential-${id}-${c.name}`} title={rotateText(t, c)}>
              <Table.Cell>{known(c.name) ? t(`credentials.name.${c.name}`) : c.label}</Table.Cell>
              <Table.Cell className="font-mono">{c.value}</Table.Cell>
              <Table.Cell className="whitespace-normal">{sourceOf(t, c)}</Table.Cell>
            </Table.Row>
          ))}
        </Table.Body>
      </Table>
      <Text size="xsmall" className="text-ui-fg-subtle" data-testid={`vipps-credentials-rotate-${id}`}>
        {secret ? rotateText(t, secret) : null}
      </Text>
    </div>
  )
}
