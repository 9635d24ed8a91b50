import { GoLiveReport, GoLiveReference, describeFailure } from "./types"

/** The report as Markdown, for people and for the email to Vipps MobilePay. */
const MARK = { pass: "PASS", fail: "FAIL", skipped: "SKIPPED" } as const

export function sendToVipps(report: Pick<GoLiveReport, "mode" | "merchant_serial_number" | "references" | "missing" | "passed">): string {
  const refs = report.references.map((r) => `${r.reference} (${r.ends})`).join(", ")
  if (report.mode === "test") {
    if (!report.passed || report.references.length < 3) return "Nothing to send yet: fix the failed items and run the check again."
    return `Test environment, MSN ${report.merchant_serial_number}: the references ${refs}, each verified with GET payment and the event log.`
  }
  if (report.missing.length) {
    const found = refs ? ` Found so far: ${refs}.` : ""
    return `Not complete yet: no order shows ${report.missing.join(", ")}.${found}`
  }
  return `Production, MSN ${report.merchant_serial_number}: the references ${refs} of real orders, confirmed with GET payment and the event log.`
}

export function reportMarkdown(report: GoLiveReport): string {
  const lines = [
    `# Vipps MobilePay go-live check: ${report.provider_id}`,
    "",
    `**Result: ${report.passed ? "PASSED" : "FAILED"}** (${report.items.filter((i) => i.status === "pass").length} of ${report.items.length} items passed)`,
    "",
    `- Mode: ${report.mode === "test" ? "test environment (three payments through the API)" : "production (no money moved)"}`,
    `- Environment: ${report.environment === report.base_url ? report.base_url : `${report.environment} (${report.base_url})`}`,
    `- Merchant serial number: ${report.merchant_serial_number}`,
    `- Ran: ${report.started_at} – ${report.finished_at}`,
    "",
    "## Checklist",
    "",
    "| Item | Result | Details |",
    "|---|---|---|",
    ...report.items.map((i) => `| ${cell(i.title)} | ${MARK[i.status]} | ${cell(i.error && i.status === "fail" ? `${i.detail}${i.error.message !== i.detail ? ` — ${describeFailure(i.error)}` : suffixOf(i.error)}` : i.detail)} |`),
    "",
    "## References",
    "",
    ...(report.references.length ? ["| Reference | Ends | Amounts (minor units) | Event log | Order |", "|---|---|---|---|---|", ...report.references.map(referenceRow)] : ["None."]),
    ...(report.missing.length ? ["", `Still missing: ${report.missing.join(", ")}.`] : []),
    "",
    "## What to send Vipps MobilePay",
    "",
    report.send_to_vipps,
    "",
  ]
  return lines.join("\n")
}

function referenceRow(r: GoLiveReference): string {
  const a = r.amounts
  const deadline = r.capture_deadline ? `; capture by ${r.capture_deadline}` : ""
  const amounts = a ? `authorized ${a.authorized}, captured ${a.captured}, refunded ${a.refunded}, cancelled ${a.cancelled} ${r.currency ?? ""}`.trim() + deadline : ""
  const order = r.order_display_id !== undefined ? `#${r.order_display_id}` : ""
  return `| ${r.reference} | ${r.ends} | ${amounts} | ${cell((r.events ?? []).join(" → "))} | ${order} |`
}

function suffixOf(error: { code?: string; status?: number; trace_id?: string; message: string }) {
  const full = describeFailure(error)
  return full === error.message ? "" : full.slice(error.message.length)
}

const cell = (text: string) => text.replace(/\|/g, "\\|").replace(/\n/g, " ")
