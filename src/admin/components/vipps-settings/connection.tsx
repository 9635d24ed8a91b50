// One provider's connection check and webhook registration (register / re-register) on the settings page.
import { Button, Input, Label, StatusBadge, Text, toast } from "@medusajs/ui"
import { useMutation, useQueryClient } from "@tanstack/react-query"
import { useState } from "react"
import { shortProviderId, spaced } from "../../lib/format"
import { sdk } from "../../lib/sdk"
import { WEBHOOK_STATUSES, isOneOf } from "../../lib/text-keys"
import { useVippsTranslation } from "../../lib/use-vipps-translation"
import { VippsProviderSettings, describeError } from "../../lib/vipps-types"
import { SETTINGS_KEY } from "./query"

export function ConnectionStatus({ provider }: { provider: VippsProviderSettings }) {
  const { t, trace } = useVippsTranslation()
  const c = provider.connection
  return (
    <div className="flex items-center gap-x-2">
      <Text size="small" weight="plus">{t("connection.title")}</Text>
      <StatusBadge color={c.ok ? "green" : "red"} data-testid={`vipps-connection-${provider.id}`} data-value={c.ok ? "ok" : "error"}>
        {c.ok
          ? t("connection.connected", { ms: c.latency_ms })
          : t("connection.error", { reason: describeError({ message: c.message ?? t("connection.unknownError"), trace_id: c.trace_id }, trace) })}
      </StatusBadge>
    </div>
  )
}

export function WebhookRegistration({ provider }: { provider: VippsProviderSettings }) {
  const { t, time, trace } = useVippsTranslation()
  const id = provider.id
  const queryClient = useQueryClient()
  const [url, setUrl] = useState(provider.webhook.url ?? provider.webhook_url ?? `${window.location.origin}/hooks/vipps/${shortProviderId(id)}`)
  const registered = provider.webhook.status !== "not_registered"
  const statusText = (status: string) => (isOneOf(WEBHOOK_STATUSES, status) ? t(`webhook.status.${status}`) : spaced(status))
  const register = useMutation({
    mutationFn: () =>
      sdk.client.fetch<{ webhook: { status: string } }>("/admin/vipps/webhooks", {
        method: "POST",
        body: { provider_id: id, url, force: registered },
      }),
    onSuccess: (result) => {
      const vars = { provider: provider.name, status: statusText(result.webhook.status) }
      toast.success(registered ? t("webhook.reregistered", vars) : t("webhook.registeredToast", vars))
      queryClient.invalidateQueries({ queryKey: SETTINGS_KEY })
    },
    onError: (error: Error) => toast.error(t("webhook.failed"), { description: error.message }),
  })
  return (
    <div className="flex flex-col gap-y-2">
      <div className="flex items-center gap-x-2">
        <Text size="small" weight="plus">{t("webhook.title")}</Text>
        <StatusBadge
          color={provider.webhook.status === "registered" ? "green" : provider.webhook.status === "not_registered" ? "grey" : "orange"}
          data-testid={`vipps-webhook-status-${id}`}
          data-value={provider.webhook.status}
        >
          {statusText(provider.webhook.status)}
          {provider.webhook.registered_at ? ` · ${time(provider.webhook.registered_at)}` : ""}
        </StatusBadge>
      </div>
      {provider.webhook.error && <Text size="small" className="text-ui-fg-error">{describeError(provider.webhook.error, trace)}</Text>}
      {provider.webhook.health && provider.webhook.health.status !== "ok" && (
        <Text
          size="small"
          className={provider.webhook.health.status === "failed" ? "text-ui-fg-error" : "text-ui-fg-subtle"}
          data-testid={`vipps-webhook-health-${id}`}
          data-value={provider.webhook.health.status}
        >
          {provider.webhook.health.message}
        </Text>
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
            {t("webhook.url")}
          </Label>
          <Input id={`vipps-webhook-url-${id}`} size="small" value={url} data-testid={`vipps-webhook-url-${id}`} onChange={(e) => setUrl(e.target.value)} />
        </div>
        <Button size="small" type="submit" variant="secondary" data-testid={`vipps-register-${id}`} isLoading={register.isPending} disabled={!url}>
          {registered ? t("webhook.reregister") : t("webhook.register")}
        </Button>
      </form>
    </div>
  )
}
