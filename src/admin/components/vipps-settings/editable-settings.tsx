// The settings a shop admin changes for one provider: each with what applies now, where it comes
// from (admin or medusa-config) and a reset to the medusa-config value. Saved together; the
// server validates with the options' rules and answers the option's message on a refusal.
import { Badge, Button, Heading, Input, Label, Select, Switch, Text, toast } from "@medusajs/ui"
import { useMutation, useQueryClient } from "@tanstack/react-query"
import { useState } from "react"
import { sdk } from "../../lib/sdk"
import { useVippsTranslation } from "../../lib/use-vipps-translation"
import { VippsProviderSettings, VippsSettingView } from "../../lib/vipps-types"
import { choiceLabel, describeValue, settingHint, settingLabel } from "./labels"
import { SETTINGS_KEY } from "./query"

type Draft = Record<string, unknown>

/** The request body for the drafted values: `null` (back to the default) for an emptied text. */
function changesOf(settings: VippsSettingView[], draft: Draft): Record<string, unknown> {
  const body: Record<string, unknown> = {}
  for (const s of settings) {
    if (!(s.name in draft)) continue
    const value = draft[s.name]
    if (value === s.value || (value === "" && s.value === undefined)) continue
    body[s.name] = s.type === "text" && value === "" ? null : value
  }
  return body
}

export function EditableSettings({ provider }: { provider: VippsProviderSettings }) {
  const { t } = useVippsTranslation()
  const id = provider.id
  const queryClient = useQueryClient()
  const [draft, setDraft] = useState<Draft>({})
  const save = useMutation({
    mutationFn: (body: Record<string, unknown>) => sdk.client.fetch(`/admin/vipps/settings/${id}`, { method: "POST", body }),
    onSuccess: () => {
      setDraft({})
      toast.success(t("settings.saved", { provider: provider.name }))
      queryClient.invalidateQueries({ queryKey: SETTINGS_KEY })
    },
    onError: (error: Error) => toast.error(t("settings.notSaved"), { description: error.message }),
  })
  const changes = changesOf(provider.settings, draft)
  const dirty = Object.keys(changes).length > 0
  const valueOf = (s: VippsSettingView) => (s.name in draft ? draft[s.name] : s.value)

  return (
    <form
      className="flex flex-col gap-y-3"
      data-testid={`vipps-settings-form-${id}`}
      onSubmit={(event) => {
        event.preventDefault()
        save.mutate(changes)
      }}
    >
      <div>
        <Heading level="h3">{t("settings.title")}</Heading>
        <Text size="small" className="text-ui-fg-subtle">
          {t("settings.applies")}
        </Text>
      </div>
      <div className="divide-y rounded-md border">
        {provider.settings.map((s) => (
          <SettingRow
            key={s.name}
            providerId={id}
            setting={s}
            value={valueOf(s)}
            onChange={(value) => setDraft((d) => ({ ...d, [s.name]: value }))}
            onReset={() => save.mutate({ reset: [s.name] })}
            busy={save.isPending}
          />
        ))}
      </div>
      <div className="flex justify-end gap-x-2">
        <Button size="small" variant="secondary" type="button" disabled={!dirty || save.isPending} onClick={() => setDraft({})}>
          {t("settings.discard")}
        </Button>
        <Button size="small" type="submit" data-testid={`vipps-settings-save-${id}`} disabled={!dirty} isLoading={save.isPending}>
          {t("settings.save")}
        </Button>
      </div>
    </form>
  )
}

function SettingRow(props: {
  providerId: string
  setting: VippsSettingView
  value: unknown
  onChange: (value: unknown) => void
  onReset: () => void
  busy: boolean
}) {
  const { providerId, setting: s, value, onChange, onReset, busy } = props
  const { t, time } = useVippsTranslation()
  const inputId = `vipps-setting-${providerId}-${s.name}`
  return (
    <div className="grid grid-cols-2 items-start gap-x-4 px-4 py-3" data-testid={inputId} data-source={s.source}>
      <div className="flex flex-col gap-y-1">
        <Label size="small" weight="plus" htmlFor={inputId + "-input"}>
          {settingLabel(t, s.name)} <span className="text-ui-fg-muted font-mono text-xs">{s.name}</span>
        </Label>
        <Text size="xsmall" className="text-ui-fg-subtle">{settingHint(t, s.name)}</Text>
        <Text size="xsmall" className="text-ui-fg-subtle" data-testid={`${inputId}-origin`}>
          {s.source === "admin" ? (
            <>
              <Badge size="2xsmall" color="blue">{t("settings.changedInAdmin")}</Badge>
              {` ${t("settings.changedBy", { who: s.updated_by ?? t("settings.anAdmin") })} · ${time(s.updated_at)} · medusa-config: ${describeValue(t, s.default)}`}
            </>
          ) : (
            <Badge size="2xsmall" color="grey">{t("settings.configValue")}</Badge>
          )}
        </Text>
      </div>
      <div className="flex items-center gap-x-2">
        <div className="flex-1">
          <SettingInput id={inputId + "-input"} setting={s} value={value} onChange={onChange} />
        </div>
        <Button size="small" variant="transparent" type="button" data-testid={`${inputId}-reset`} disabled={s.source !== "admin" || busy} onClick={onReset}>
          {t("settings.reset")}
        </Button>
      </div>
    </div>
  )
}

function SettingInput({ id, setting, value, onChange }: { id: string; setting: VippsSettingView; value: unknown; onChange: (value: unknown) => void }) {
  const { t } = useVippsTranslation()
  if (setting.type === "boolean") {
    return <Switch id={id} checked={value === true} onCheckedChange={(checked) => onChange(checked)} />
  }
  if (setting.type === "choice") {
    return (
      <Select size="small" value={String(value ?? "")} onValueChange={(v) => onChange(v)}>
        <Select.Trigger id={id}>
          <Select.Value />
        </Select.Trigger>
        <Select.Content>
          {(setting.choices ?? []).map((choice) => (
            <Select.Item key={choice} value={choice}>
              {choiceLabel(t, choice)}
            </Select.Item>
          ))}
        </Select.Content>
      </Select>
    )
  }
  return (
    <Input
      id={id}
      size="small"
      value={String(value ?? "")}
      placeholder={setting.default === undefined ? t("settings.notSet") : undefined}
      onChange={(e) => onChange(e.target.value)}
    />
  )
}
