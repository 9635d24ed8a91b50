import type { ExamplesFreshness, GoLiveFailure, GoLiveItem, GoLiveReport, GoLiveReportsResponse } from "../../../admin-api/go-live"
import { Button, Input, Label, StatusBadge, Table, Text, toast } from "@medusajs/ui"
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query"
import { useState } from "react"
import { saveDownload } from "../../lib/download"
import { NO_VALUE } from "../../lib/format"
import { sdk } from "../../lib/sdk"
import { GO_LIVE_ITEMS, isOneOf } from "../../lib/text-keys"
import type { VippsT } from "../../lib/translate"
import { useVippsTranslation } from "../../lib/use-vipps-translation"

/**
 * The go-live check of one provider on the settings page: the last report (when it ran, pass or
 * fail per checklist item in plain words, the references to send Vipps MobilePay) and a button
 * that runs it again; in the test environment with a test user's phone number. Below it, the
 * evidence for Vipps MobilePay's checklist form to download, and whether its request examples are
 * still young enough to send (judged by the server when the page loads).
 * `data-testid`s carry the full provider id, e.g. `vipps-go-live-result-pp_vipps_vipps`.
 */
const GO_LIVE_KEY = ["vipps-go-live"]
const ITEM_COLOR = { pass: "green", fail: "red", skipped: "grey" } as const

// A checklist item this version has no words for (a newer server) keeps the server's title.
const itemTitle = (t: VippsT, item: GoLiveItem) => (isOneOf(GO_LIVE_ITEMS, item.id) ? t(`goLive.item.${item.id}`) : item.title)

function describeFailure(t: VippsT, error: GoLiveFailure) {
  const vipps = [error.code ? `Vipps ${error.code}` : undefined, error.trace_id ? t("common.trace", { id: error.trace_id }) : undefined].filter(Boolean)
  return vipps.length ? `${error.message} (${vipps.join(", ")})` : error.message
}

/** The item's sentence, then Vipps's own message with its code and trace id when they add something. */
function itemText(t: VippsT, item: GoLiveItem) {
  if (!item.error) return item.detail
  const vipps = describeFailure(t, item.error)
  return item.error.message === item.detail ? vipps : `${item.detail} ${vipps}`
}

export function GoLivePanel({ providerId, environment }: { providerId: string; environment: string }) {
  const { t, time } = useVippsTranslation()
  const queryClient = useQueryClient()
  const [phone, setPhone] = useState("")
  const production = environment === "production"
  const reports = useQuery({ queryKey: GO_LIVE_KEY, queryFn: () => sdk.client.fetch<GoLiveReportsResponse>("/admin/vipps/go-live") })
  const run = useMutation({
    mutationFn: () =>
      sdk.client.fetch<{ report: GoLiveReport }>("/admin/vipps/go-live", {
        method: "POST",
        body: { provider_id: providerId, ...(phone.trim() && !production ? { phone: phone.trim() } : {}) },
      }),
    onSuccess: ({ report }) => {
      if (report.passed) toast.success(t("goLive.passedToast"))
      else toast.error(t("goLive.failedToast"), { description: t("goLive.seeFailed", { fail: t("goLive.result.fail") }) })
      queryClient.invalidateQueries({ queryKey: GO_LIVE_KEY })
    },
    onError: (error: Error) => toast.error(t("goLive.couldNotRun"), { description: error.message }),
  })
  const stored = reports.data?.providers.find((p) => p.provider_id === providerId)
  const report = run.data?.report ?? stored?.report ?? null

  return (
    <div className="flex flex-col gap-y-2" data-testid={`vipps-go-live-${providerId}`}>
      <div className="flex items-center gap-x-2">
        <Text size="small" weight="plus">{t("goLive.title")}</Text>
        <StatusBadge color={!report ? "grey" : report.passed ? "green" : "red"} data-testid={`vipps-go-live-result-${providerId}`} data-value={!report ? "never" : report.passed ? "passed" : "failed"}>
          {!report ? t("goLive.notRun") : `${report.passed ? t("goLive.passed") : t("goLive.failed")} · ${time(report.started_at)}`}
        </StatusBadge>
      </div>
      <Text size="small" className="text-ui-fg-subtle">
        {production ? t("goLive.production") : t("goLive.test")}
      </Text>
      <form
        className="flex items-end gap-x-2"
        onSubmit={(event) => {
          event.preventDefault()
          run.mutate()
        }}
      >
        {!production && (
          <div className="flex-1">
            <Label size="small" htmlFor={`vipps-go-live-phone-${providerId}`} className="text-ui-fg-subtle">
              {t("goLive.phone", { where: "portal → For developers → Test users" })}
            </Label>
            <Input id={`vipps-go-live-phone-${providerId}`} size="small" placeholder="4791234567" value={phone} data-testid={`vipps-go-live-phone-${providerId}`} onChange={(e) => setPhone(e.target.value)} />
          </div>
        )}
        <Button size="small" type="submit" variant="secondary" data-testid={`vipps-go-live-run-${providerId}`} isLoading={run.isPending}>
          {t("goLive.run")}
        </Button>
      </form>
      {report && <ReportTable report={report} providerId={providerId} />}
      {report && <EvidenceDownload providerId={providerId} freshness={stored?.evidence ?? null} />}
    </div>
  )
}

/** "Download evidence for Vipps" and the age of its request examples (one month at most). */
function EvidenceDownload({ providerId, freshness }: { providerId: string; freshness: ExamplesFreshness | null }) {
  const { t, time } = useVippsTranslation()
  const download = useMutation({
    mutationFn: async () => {
      const response = await sdk.client.fetch<Response>("/admin/vipps/go-live/evidence", { query: { provider: providerId, format: "md" }, headers: { accept: "text/markdown" } })
      return saveDownload(response, `vipps-go-live-evidence-${providerId}.md`)
    },
    onError: (error: Error) => toast.error(t("goLiveEvidence.downloadFailed"), { description: error.message }),
  })
  const status = freshness?.status ?? "none"
  const age =
    status === "fresh"
      ? t("goLiveEvidence.fresh", { date: time(freshness!.oldest_at ?? null), until: time(freshness!.fresh_until ?? null) })
      : status === "stale"
        ? t("goLiveEvidence.stale", { date: time(freshness!.oldest_at ?? null) })
        : t("goLiveEvidence.none")
  return (
    <div className="flex flex-col gap-y-1" data-testid={`vipps-go-live-evidence-${providerId}`}>
      <div className="flex items-center gap-x-2">
        <Button size="small" variant="secondary" data-testid={`vipps-go-live-evidence-download-${providerId}`} isLoading={download.isPending} onClick={() => download.mutate()}>
          {t("goLiveEvidence.download")}
        </Button>
        <StatusBadge color={status === "fresh" ? "green" : status === "stale" ? "orange" : "grey"} data-testid={`vipps-go-live-evidence-age-${providerId}`} data-value={status}>
          {age}
        </StatusBadge>
      </div>
      <Text size="small" className="text-ui-fg-subtle">
        {t("goLiveEvidence.hint")}
      </Text>
    </div>
  )
}

function ReportTable({ report, providerId }: { report: GoLiveReport; providerId: string }) {
  const { t } = useVippsTranslation()
  return (
    <>
      <Table data-testid={`vipps-go-live-items-${providerId}`}>
        <Table.Header>
          <Table.Row>
            <Table.HeaderCell>{t("goLive.columns.item")}</Table.HeaderCell>
            <Table.HeaderCell>{t("goLive.columns.result")}</Table.HeaderCell>
            <Table.HeaderCell>{t("goLive.columns.details")}</Table.HeaderCell>
          </Table.Row>
        </Table.Header>
        <Table.Body>
          {report.items.map((item: GoLiveItem) => (
            <Table.Row key={item.id} data-testid={`vipps-go-live-item-${providerId}-${item.id}`}>
              <Table.Cell>{itemTitle(t, item)}</Table.Cell>
              <Table.Cell>
                <StatusBadge color={ITEM_COLOR[item.status]} data-value={item.status}>{t(`goLive.result.${item.status}`)}</StatusBadge>
              </Table.Cell>
              <Table.Cell className="whitespace-normal">
                {itemText(t, item)}
              </Table.Cell>
            </Table.Row>
          ))}
        </Table.Body>
      </Table>
      <Text size="small" data-testid={`vipps-go-live-send-${providerId}`}>
        <span className="font-medium">{t("goLive.send")} </span>
        {report.send_to_vipps || NO_VALUE}
      </Text>
    </>
  )
}
