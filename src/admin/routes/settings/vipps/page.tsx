import { defineRouteConfig } from "@medusajs/admin-sdk"
import { Button, Container, Heading, Input, Label, StatusBadge, Table, Text, toast } from "@medusajs/ui"
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query"
import { useState } from "react"
import { NO_VALUE, formatTime, shortProviderId, spaced } from "../../../lib/format"
import { sdk } from "../../../lib/sdk"
import { VippsProviderSettings, describeError } from "../../../lib/vipps-types"

/**
 * Settings → Vipps MobilePay: for each provider registration a live connection check, the
 * webhook registration (register / re-register) and the active options, secrets masked by the
 * server. `data-testid`s use the full provider id (e.g. `vipps-connection-pp_vipps_vipps`).
 */
const SETTINGS_KEY = ["vipps-settings"]

const VippsSettingsPage = () => {
  const query = useQuery({
    queryKey: SETTINGS_KEY,
    queryFn: () => sdk.client.fetch<{ providers: VippsProviderSettings[] }>("/admin/vipps/settings"),
  })
  return (
    <Container data-testid="vipps-settings" data-state={query.isLoading ? "loading" : query.isError ? "error" : "ready"} className="divide-y p-0">
      <div className="flex items-center justify-between px-6 py-4">
        <div>
          <Heading level="h1">Vipps MobilePay</Heading>
          <Text size="small" className="text-ui-fg-subtle">Connection, webhooks and options of each Vipps MobilePay payment provider.</Text>
        </div>
        <Button size="small" variant="secondary" data-testid="vipps-settings-recheck" isLoading={query.isFetching} onClick={() => query.refetch()}>
          Check again
        </Button>
      </div>
      {query.isLoading && <Text size="small" className="px-6 py-4">Checking the connection to Vipps MobilePay…</Text>}
      {query.isError && (
        <Text size="small" className="text-ui-fg-error px-6 py-4" data-testid="vipps-settings-error">
          The settings could not be loaded: {(query.error as Error).message}
        </Text>
      )}
      {query.data && query.data.providers.length === 0 && (
        <Text size="small" className="px-6 py-4">No Vipps MobilePay provider is registered in medusa-config (modules → payment → providers).</Text>
      )}
      {query.data?.providers.map((provider) => <ProviderSettings key={provider.id} provider={provider} />)}
    </Container>
  )
}

function ProviderSettings({ provider }: { provider: VippsProviderSettings }) {
  const id = provider.id
  const queryClient = useQueryClient()
  const shortId = shortProviderId(id)
  const [url, setUrl] = useState(provider.webhook.url ?? provider.webhook_url ?? `${window.location.origin}/hooks/vipps/${shortId}`)
  const registered = provider.webhook.status !== "not_registered"
  const register = useMutation({
    mutationFn: () =>
      sdk.client.fetch<{ webhook: { status: string } }>("/admin/vipps/webhooks", {
        method: "POST",
        body: { provider_id: id, url, force: registered },
      }),
    onSuccess: (result) => {
      toast.success(`Webhook ${registered ? "re-registered" : "registered"} for ${provider.name} (${spaced(result.webhook.status)}).`)
      queryClient.invalidateQueries({ queryKey: SETTINGS_KEY })
    },
    onError: (error: Error) => toast.error("Webhook registration failed", { description: error.message }),
  })
  const c = provider.connection

  return (
    <div className="flex flex-col gap-y-4 px-6 py-4" data-testid={`vipps-provider-${id}`}>
      <div>
        <Heading level="h2" data-testid={`vipps-provider-name-${id}`}>{provider.name}</Heading>
        <Text size="small" className="text-ui-fg-subtle" data-testid={`vipps-provider-detail-${id}`}>
          {`${id} · MSN ${provider.merchant_serial_number} · ${environmentLabel(provider)}`}
        </Text>
      </div>

      <div className="flex items-center gap-x-2">
        <Text size="small" weight="plus">Connection</Text>
        <StatusBadge color={c.ok ? "green" : "red"} data-testid={`vipps-connection-${id}`} data-value={c.ok ? "ok" : "error"}>
          {c.ok
            ? `Connected (${c.latency_ms} ms)`
            : `Error: ${describeError({ message: c.message ?? "unknown error", trace_id: c.trace_id })}`}
        </StatusBadge>
      </div>

      <div className="flex flex-col gap-y-2">
        <div className="flex items-center gap-x-2">
          <Text size="small" weight="plus">Webhook</Text>
          <StatusBadge
            color={provider.webhook.status === "registered" ? "green" : provider.webhook.status === "not_registered" ? "grey" : "orange"}
            data-testid={`vipps-webhook-status-${id}`}
            data-value={provider.webhook.status}
          >
            {spaced(provider.webhook.status)}
            {provider.webhook.registered_at ? ` · ${formatTime(provider.webhook.registered_at)}` : ""}
          </StatusBadge>
        </div>
        {provider.webhook.error && (
          <Text size="small" className="text-ui-fg-error">{describeError(provider.webhook.error)}</Text>
        )}
        <form
          className="flex items-end gap-x-2"
          onSubmit={(event) => {
            event.preventDefault()
            register.mutate()
          }}
        >
          <div className="flex-1">
            <Label size="small" htmlFor={`vipps-webhook-url-${id}`} className="text-ui-fg-subtle">
              Webhook URL (Vipps must be able to reach it)
            </Label>
            <Input id={`vipps-webhook-url-${id}`} size="small" value={url} data-testid={`vipps-webhook-url-${id}`} onChange={(e) => setUrl(e.target.value)} />
          </div>
          <Button size="small" type="submit" variant="secondary" data-testid={`vipps-register-${id}`} isLoading={register.isPending} disabled={!url}>
            {registered ? "Re-register" : "Register"}
          </Button>
        </form>
      </div>

      <Table data-testid={`vipps-options-${id}`}>
        <Table.Header>
          <Table.Row>
            <Table.HeaderCell>Option</Table.HeaderCell>
            <Table.HeaderCell>Value</Table.HeaderCell>
          </Table.Row>
        </Table.Header>
        <Table.Body>
          {Object.entries(provider.options).map(([name, value]) => (
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

/** "test environment (https://apitest.vipps.no)", or just the URL when the option is one (e.g. the sandbox). */
function environmentLabel(provider: VippsProviderSettings) {
  const named = provider.environment === "test" || provider.environment === "production"
  return named ? `${provider.environment} environment (${provider.base_url})` : provider.base_url
}

export const config = defineRouteConfig({
  label: "Vipps MobilePay",
})

export default VippsSettingsPage
