// The settings a shop admin changes for one provider: each with what applies now, where it comes
// from (admin or medusa-config) and a reset to the medusa-config value. Saved together; the
// server validates with the options' rules and answers the option's message on a refusal.
import { Badge, Button, Heading, Input, Label, Select, Switch, Text, toast } from "@medusajs/ui"
import { useMutation, useQueryClient } from "@tanstack/react-query"
import { useState } from "react"
import { sdk } from "../../lib/sdk"
import { useVippsTranslation } from "../../lib/use-vipps-translation"
import { VippsProviderSettings, VippsSettingView } from "../../lib/vipps-types"
import { LANGUAGE_NAMES, choiceLabel, describeValue, settingHint, settingLabel } from "./labels"
import { SETTINGS_KEY } from "./query"
import { type Draft, type TextsDraft, changesOf, textsDraftOf } from "./settings-body"

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
  const valueOf = (s: VippsSettingView) =>
    s.name in draft ? draft[s.name] : s.type === "texts" ? textsDraftOf(s.value, s.languages ?? []) : s.value

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
  if (setting.type === "texts") {
    return <TextsInput id={id} setting={setting} draft={value as TextsDraft} onChange={onChange} />
  }
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

/**
 * One text for all languages and one optional text per language (settings-body.ts says what is
 * sent). An empty language shows the text it gets from "All languages".
 */
function TextsInput({ id, setting, draft, onChange }: { id: string; setting: VippsSettingView; draft: TextsDraft; onChange: (value: TextsDraft) => void }) {
  const { t } = useVippsTranslation()
  const all = draft.all.trim()
  const row = "grid grid-cols-[7rem_1fr] items-center gap-x-2"
  return (
    <div className="flex flex-col gap-y-2" data-testid={`${id}-texts`}>
      <div className={row}>
        <Label size="xsmall" htmlFor={id}>{t("settings.allLanguages")}</Label>
        <Input
          id={id}
          size="small"
          value={draft.all}
          placeholder={setting.default === undefined ? t("settings.notSet") : undefined}
          onChange={(e) => onChange({ ...draft, all: e.target.value })}
        />
      </div>
      {(setting.languages ?? []).map((language) => (
        <div key={language} className={row}>
          <Label size="xsmall" htmlFor={`${id}-${language}`} className="text-ui-fg-subtle">
            {LANGUAGE_NAMES[language] ?? language} <span className="text-ui-fg-muted font-mono text-xs">{language}</span>
          </Label>
          <Input
            id={`${id}-${language}`}
            size="small"
            lang={language}
            value={draft.languages[language] ?? ""}
            placeholder={all || undefined}
            onChange={(e) => onChange({ ...draft, languages: { ...draft.languages, [language]: e.target.value } })}
          />
        </div>
      ))}
      <Text size="xsmall" className="text-ui-fg-subtle">{t("settings.textsHint")}</Text>
    </div>
  )
}
