// One provider registration on the settings page: its name, connection and webhook, the settings
// a shop admin changes, their history, the credentials and the remaining medusa-config options.
import { Heading, Text } from "@medusajs/ui"
import type { VippsT } from "../../lib/translate"
import { useVippsTranslation } from "../../lib/use-vipps-translation"
import { VippsProviderSettings } from "../../lib/vipps-types"
import { ConfigOptions } from "./config-options"
import { ConnectionStatus, WebhookRegistration } from "./connection"
import { Credentials } from "./credentials"
import { EditableSettings } from "./editable-settings"
import { GoLivePanel } from "./go-live-panel"
import { SettingsHistory } from "./settings-history"

/** "test environment (https://apitest.vipps.no)", or just the URL when the option is one (e.g. the sandbox). */
function environmentLabel(t: VippsT, provider: VippsProviderSettings) {
  if (provider.environment === "test") return t("provider.testEnvironment", { url: provider.base_url })
  if (provider.environment === "production") return t("provider.productionEnvironment", { url: provider.base_url })
  return provider.base_url
}

export function ProviderSettings({ provider }: { provider: VippsProviderSettings }) {
  const { t } = useVippsTranslation()
  const id = provider.id
  return (
    <div className="flex flex-col gap-y-6 px-6 py-4" data-testid={`vipps-provider-${id}`}>
      <div className="flex flex-col gap-y-4">
        <div>
          <Heading level="h2" data-testid={`vipps-provider-name-${id}`}>{provider.name}</Heading>
          <Text size="small" className="text-ui-fg-subtle" data-testid={`vipps-provider-detail-${id}`}>
            {`${id} · MSN ${provider.merchant_serial_number} · ${environmentLabel(t, provider)}`}
          </Text>
        </div>
        <ConnectionStatus provider={provider} />
        <WebhookRegistration provider={provider} />
      </div>
      <GoLivePanel providerId={id} environment={provider.environment} />
      <EditableSettings key={JSON.stringify(provider.settings)} provider={provider} />
      <SettingsHistory provider={provider} />
      <Credentials provider={provider} />
      <ConfigOptions provider={provider} />
    </div>
  )
}
