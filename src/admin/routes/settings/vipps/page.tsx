import { defineRouteConfig } from "@medusajs/admin-sdk"
import { Button, Container, Heading, Text } from "@medusajs/ui"
import { useQuery } from "@tanstack/react-query"
import { ProviderSettings } from "../../../components/vipps-settings/provider-settings"
import { SETTINGS_KEY } from "../../../components/vipps-settings/query"
import { sdk } from "../../../lib/sdk"
import { useVippsTranslation } from "../../../lib/use-vipps-translation"
import { VippsProviderSettings } from "../../../lib/vipps-types"

/**
 * Settings → Vipps MobilePay: for each provider registration a live connection check, the
 * webhook registration, the settings a shop admin can change (with history and reset), the
 * credentials (masked, where they come from) and the other medusa-config options. A thin shell:
 * the panels are in ../../../components/vipps-settings/. `data-testid`s use the full provider id
 * (e.g. `vipps-connection-pp_vipps_vipps`).
 */
const VippsSettingsPage = () => {
  const { t } = useVippsTranslation()
  const query = useQuery({
    queryKey: SETTINGS_KEY,
    queryFn: () => sdk.client.fetch<{ providers: VippsProviderSettings[] }>("/admin/vipps/settings"),
  })
  return (
    <Container data-testid="vipps-settings" data-state={query.isLoading ? "loading" : query.isError ? "error" : "ready"} className="divide-y p-0">
      <div className="flex items-center justify-between px-6 py-4">
        <div>
          <Heading level="h1">Vipps MobilePay</Heading>
          <Text size="small" className="text-ui-fg-subtle">{t("settings.intro")}</Text>
        </div>
        <Button size="small" variant="secondary" data-testid="vipps-settings-recheck" isLoading={query.isFetching} onClick={() => query.refetch()}>
          {t("settings.checkAgain")}
        </Button>
      </div>
      {query.isLoading && <Text size="small" className="px-6 py-4">{t("settings.loading")}</Text>}
      {query.isError && (
        <Text size="small" className="text-ui-fg-error px-6 py-4" data-testid="vipps-settings-error">
          {t("settings.loadFailed", { reason: (query.error as Error).message })}
        </Text>
      )}
      {query.data && query.data.providers.length === 0 && (
        <Text size="small" className="px-6 py-4">{t("settings.noProviders")}</Text>
      )}
      {query.data?.providers.map((provider) => <ProviderSettings key={provider.id} provider={provider} />)}
    </Container>
  )
}

// The menu entry's label is the brand, the same in every language (route configs are read
// outside React, where the plugin's texts cannot be looked up).
export const config = defineRouteConfig({
  label: "Vipps MobilePay",
})

export default VippsSettingsPage
