// One provider's connection check and webhook registration (register / re-register) on the settings page.
import { Button, Input, Label, StatusBadge, Text, toast } from "@medusajs/ui"
import { useMutation, useQueryClient } from "@tanstack/react-query"
import { useState } from "react"
import { formatTime, shortProviderId, spaced } from "../../lib/format"
import { sdk } from "../../lib/sdk"
import { VippsProviderSettings, describeError } from "../../lib/vipps-types"
import { SETTINGS_KEY } from "./query"

export function ConnectionStatus({ provider }: { provider: VippsProviderSettings }) {
  const c = provider.connection
  return (
    <div className="flex items-center gap-x-2">
      <Text size="small" weight="plus">Connection</Text>
      <StatusBadge color={c.ok ? "green" : "red"} data-testid={`vipps-connection-${provider.id}`} data-value={c.ok ? "ok" : "error"}>
        {c.ok ? `Connected (${c.latency_ms} ms)` : `Error: ${describeError({ message: c.message ?? "unknown error", trace_id: c.trace_id })}`}
      </StatusBadge>
    </div>
  )
}

export function WebhookRegistration({ provider }: { provider: VippsProviderSettings }) {
  const id = provider.id
  const queryClient = useQueryClient()
  const [url, setUrl] = useState(provider.webhook.url ?? provider.webhook_url ?? `${window.location.origin}/hooks/vipps/${shortProviderId(id)}`)
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
  return (
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
      {provider.webhook.error && <Text size="small" className="text-ui-fg-error">{describeError(provider.webhook.error)}</Text>}
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
  )
}
