import type { GoLiveFailure, GoLiveItem, GoLiveReport, GoLiveReportsResponse } from "../../../admin-api/go-live"
import { Button, Input, Label, StatusBadge, Table, Text, toast } from "@medusajs/ui"
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query"
import { useState } from "react"
import { NO_VALUE, formatTime } from "../../lib/format"
import { sdk } from "../../lib/sdk"

/**
 * The go-live check of one provider on the settings page: the last report (when it ran, pass or
 * fail per checklist item in plain words, the references to send Vipps MobilePay) and a button
 * that runs it again; in the test environment with a test user's phone number.
 * `data-testid`s carry the full provider id, e.g. `vipps-go-live-result-pp_vipps_vipps`.
 */
const GO_LIVE_KEY = ["vipps-go-live"]
const ITEM_BADGE = { pass: { label: "Pass", color: "green" }, fail: { label: "Fail", color: "red" }, skipped: { label: "Skipped", color: "grey" } } as const

function describeFailure(error: GoLiveFailure) {
  const vipps = [error.code ? `Vipps ${error.code}` : undefined, error.trace_id ? `trace ${error.trace_id}` : undefined].filter(Boolean)
  return vipps.length ? `${error.message} (${vipps.join(", ")})` : error.message
}

/** The item's sentence, then Vipps's own message with its code and trace id when they add something. */
function itemText(item: GoLiveItem) {
  if (!item.error) return item.detail
  const vipps = describeFailure(item.error)
  return item.error.message === item.detail ? vipps : `${item.detail} ${vipps}`
}

export function GoLivePanel({ providerId, environment }: { providerId: string; environment: string }) {
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
      if (report.passed) toast.success("Go-live check passed")
      else toast.error("Go-live check failed", { description: "See the items marked Fail." })
      queryClient.invalidateQueries({ queryKey: GO_LIVE_KEY })
    },
    onError: (error: Error) => toast.error("The go-live check could not run", { description: error.message }),
  })
  const report = run.data?.report ?? reports.data?.providers.find((p) => p.provider_id === providerId)?.report ?? null

  return (
    <div className="flex flex-col gap-y-2" data-testid={`vipps-go-live-${providerId}`}>
      <div className="flex items-center gap-x-2">
        <Text size="small" weight="plus">Go-live check</Text>
        <StatusBadge color={!report ? "grey" : report.passed ? "green" : "red"} data-testid={`vipps-go-live-result-${providerId}`} data-value={!report ? "never" : report.passed ? "passed" : "failed"}>
          {!report ? "Not run yet" : `${report.passed ? "Passed" : "Failed"} · ${formatTime(report.started_at)}`}
        </StatusBadge>
      </div>
      <Text size="small" className="text-ui-fg-subtle">
        {production
          ? "Production: moves no money. Checks credentials and webhooks and looks for orders whose payments ended authorized, captured, refunded and cancelled."
          : "Test environment: makes three 2.00 payments as a test user, ending captured, refunded and cancelled, and checks each at Vipps MobilePay."}
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
              Test user's phone number (portal → For developers → Test users)
            </Label>
            <Input id={`vipps-go-live-phone-${providerId}`} size="small" placeholder="4791234567" value={phone} data-testid={`vipps-go-live-phone-${providerId}`} onChange={(e) => setPhone(e.target.value)} />
          </div>
        )}
        <Button size="small" type="submit" variant="secondary" data-testid={`vipps-go-live-run-${providerId}`} isLoading={run.isPending}>
          Run go-live check
        </Button>
      </form>
      {report && <ReportTable report={report} providerId={providerId} />}
    </div>
  )
}

function ReportTable({ report, providerId }: { report: GoLiveReport; providerId: string }) {
  return (
    <>
      <Table data-testid={`vipps-go-live-items-${providerId}`}>
        <Table.Header>
          <Table.Row>
            <Table.HeaderCell>Item</Table.HeaderCell>
            <Table.HeaderCell>Result</Table.HeaderCell>
            <Table.HeaderCell>Details</Table.HeaderCell>
          </Table.Row>
        </Table.Header>
        <Table.Body>
          {report.items.map((item: GoLiveItem) => (
            <Table.Row key={item.id} data-testid={`vipps-go-live-item-${providerId}-${item.id}`}>
              <Table.Cell>{item.title}</Table.Cell>
              <Table.Cell>
                <StatusBadge color={ITEM_BADGE[item.status].color} data-value={item.status}>{ITEM_BADGE[item.status].label}</StatusBadge>
              </Table.Cell>
              <Table.Cell className="whitespace-normal">
                {itemText(item)}
              </Table.Cell>
            </Table.Row>
          ))}
        </Table.Body>
      </Table>
      <Text size="small" data-testid={`vipps-go-live-send-${providerId}`}>
        <span className="font-medium">Send Vipps MobilePay: </span>
        {report.send_to_vipps || NO_VALUE}
      </Text>
    </>
  )
}
