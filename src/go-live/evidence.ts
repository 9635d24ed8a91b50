import { installedMedusaVersion } from "../medusa-compat"
import { PLUGIN_NAME, PLUGIN_VERSION } from "../version"
import { ExamplesFreshness, examplesFreshness, minute } from "./freshness"
import type { GoLiveEvidence, GoLiveExample, GoLiveItem, GoLiveReport } from "./types"

/**
 * What a platform sends Vipps MobilePay with the checklist form (`epayment-checklistv2.pdf`):
 * the MSN, a short description of the platform, the references used, how each checklist item is
 * met, the request examples (redacted, dated, no more than one month old) and what the video of
 * the payment flow must show (the merchant records it: the plugin cannot). Built when it is
 * downloaded, so the age of the examples is judged then.
 */
export type EvidencePlatform = { plugin_name: string; plugin_version: string; medusa_version: string }

export type EvidenceChecklistItem = { requirement: string; how: string; checked_by?: { item: string; status: GoLiveItem["status"] }[] }

export type EvidenceBundle = {
  provider_id: string
  generated_at: string
  mode: GoLiveReport["mode"]
  environment: string
  base_url: string
  merchant_serial_number: string
  check: { started_at: string; finished_at: string; passed: boolean }
  platform: EvidencePlatform
  description: string
  references: { reference: string; ends: string; currency?: string; order_display_id?: number }[]
  missing: string[]
  freshness: ExamplesFreshness
  checklist: EvidenceChecklistItem[]
  examples: GoLiveExample[]
  video_checklist: string[]
}

export function currentPlatform(): EvidencePlatform {
  return { plugin_name: PLUGIN_NAME, plugin_version: PLUGIN_VERSION, medusa_version: installedMedusaVersion() ?? "2" }
}

/** The checklist (integration requirement specification) and how the plugin meets each item; `items` are the go-live check's items that prove it. */
const CHECKLIST: { requirement: string; how: string; items?: string[] }[] = [
  {
    requirement: "Webhooks and polling, both (webhooks required, polling as the fallback)",
    how: "Webhooks are registered per sales unit for authorized, aborted, expired, terminated, cancelled, captured and refunded, received at /hooks/vipps/<id>, verified (HMAC-SHA256) and stored before the 200. A reconciliation job polls GET payment and the event log for every payment not final yet and for deliveries not processed; the return page polls too. An hourly job re-registers a registration Vipps removed.",
    items: ["webhook_registration", "webhook_delivery"],
  },
  {
    requirement: "Every state and event handled: CREATED, AUTHORIZED, ABORTED, EXPIRED, TERMINATED; CANCELLED, CAPTURED, REFUNDED",
    how: "AUTHORIZED places the order; ABORTED, EXPIRED and TERMINATED fail the checkout with a message to the shopper; CAPTURED, REFUNDED and CANCELLED (also from the business portal) are recorded in Medusa from the payment's aggregate.",
    items: ["payment_captured", "payment_refunded", "payment_cancelled"],
  },
  {
    requirement: "Reserve, then capture when the goods ship",
    how: "Captures on fulfilment by default (or on shipment, delivery, manually); partial captures per fulfilment, the last one captures the exact rest; the capture deadline is the earlier of the market's period and captureGuaranteedUntil.",
    items: ["payment_captured", "order_captured"],
  },
  { requirement: "Refunds, full and partial", how: "A refund in Medusa refunds exactly that amount at Vipps MobilePay (never more than captured).", items: ["payment_refunded", "order_refunded"] },
  {
    requirement: "Cancel reservations that will not be captured",
    how: "Cancelling an order, a payment session the shopper left, or releasing from the admin cancels at Vipps MobilePay; after a partial capture the uncaptured remainder is released.",
    items: ["payment_cancelled", "order_cancelled"],
  },
  { requirement: "Idempotency-Key on create, capture, refund and cancel; retries with the same key", how: "Keys derive from the reference and Medusa's own records; timeouts, 5xx, 423, 429 and 6280 are retried with the same key." },
  { requirement: "Vipps-System-* and Merchant-Serial-Number headers on every request", how: "Sent on every call, the token call included (see the request examples).", items: ["system_headers", "msn"] },
  { requirement: "Receipts (order details) in the app", how: "The receipt (order lines, shipping, tax, order number) is sent with the Order Management API when the order is placed; an order details link when configured." },
  { requirement: "Clear errors for the shopper and the merchant", how: "Every Vipps error becomes a plain sentence with Vipps's code and trace id in the log and on the order's Vipps MobilePay card." },
  { requirement: "Never rely on the redirect", how: "The return URL carries the reference and a token; the return page reads the payment server-side, so it works in any browser, and the order is placed by webhook or polling even if the shopper never returns." },
]

const VIDEO_CHECKLIST = [
  "The store's product page and cart, then the checkout with Vipps MobilePay shown as a payment choice (the right brand for the market: Vipps in Norway, MobilePay in Denmark and Finland).",
  "Choosing Vipps/MobilePay and pressing the pay button, with the amount the shopper will approve.",
  "The Vipps MobilePay landing page on a desktop (phone number), and on a phone the switch to the app.",
  "Approving the payment in the app (the test app in the test environment).",
  "Back in the store: the order confirmation (also when the return opens in another browser).",
  "A rejection: cancelling in the app, and the store saying so with a way back to the checkout (the cart kept).",
  "In Medusa's admin: the order with the Vipps MobilePay card, then a fulfilment capturing the payment, a refund, and cancelling an order that was not shipped (the reservation released).",
  "The receipt of the order in the app's payment details.",
  "Express checkout, if the store offers it: address and shipping chosen in the app.",
]

export function evidenceBundle(report: GoLiveReport, evidence: GoLiveEvidence | null, now: Date, platform = currentPlatform()): EvidenceBundle {
  const examples = evidence?.examples ?? []
  const status = new Map(report.items.map((i) => [i.id, i.status]))
  return {
    provider_id: report.provider_id,
    generated_at: now.toISOString(),
    mode: report.mode,
    environment: report.environment,
    base_url: report.base_url,
    merchant_serial_number: report.merchant_serial_number,
    check: { started_at: report.started_at, finished_at: report.finished_at, passed: report.passed },
    platform,
    description:
      `${platform.plugin_name} ${platform.plugin_version} is a payment plugin for Medusa ${platform.medusa_version} (open-source commerce platform, Node.js), ` +
      "installed by each merchant in their own store. It uses the ePayment API (WEB_REDIRECT by default; capture on fulfilment), the Webhooks API and the Order Management API (receipts), " +
      "one sales unit (MSN) per provider registration.",
    references: report.references.map((r) => ({ reference: r.reference, ends: r.ends, ...(r.currency ? { currency: r.currency } : {}), ...(r.order_display_id !== undefined ? { order_display_id: r.order_display_id } : {}) })),
    missing: report.missing,
    freshness: examplesFreshness(examples, now),
    checklist: CHECKLIST.map((c) => ({
      requirement: c.requirement,
      how: c.how,
      ...(c.items?.some((id) => status.has(id)) ? { checked_by: c.items.filter((id) => status.has(id)).map((id) => ({ item: id, status: status.get(id)! })) } : {}),
    })),
    examples,
    video_checklist: VIDEO_CHECKLIST,
  }
}

export function evidenceMarkdown(bundle: EvidenceBundle): string {
  const f = bundle.freshness
  const age =
    f.status === "stale" ? `> **Too old to send.** ${f.message}` : f.status === "none" ? `> **No request examples.** ${f.message}` : `> ${f.message}`
  const lines = [
    `# Vipps MobilePay checklist answers: ${bundle.provider_id}`,
    "",
    age,
    "",
    `- Merchant serial number (MSN): ${bundle.merchant_serial_number}`,
    `- Environment: ${bundle.mode === "test" ? "test" : "production"} (${bundle.base_url})`,
    `- Platform: ${bundle.platform.plugin_name} ${bundle.platform.plugin_version} on Medusa ${bundle.platform.medusa_version}`,
    `- Go-live check: ${bundle.check.passed ? "passed" : "FAILED"}, run ${minute(new Date(bundle.check.started_at))}`,
    `- Generated: ${minute(new Date(bundle.generated_at))}`,
    "",
    "Send this file with the checklist form (`epayment-checklistv2.pdf`) and the video to Vipps MobilePay.",
    "",
    "## Short description",
    "",
    bundle.description,
    "",
    "## References used",
    "",
    ...(bundle.references.length
      ? bundle.references.map((r) => `- \`${r.reference}\`: ends ${r.ends}${r.currency ? ` (${r.currency})` : ""}${r.order_display_id !== undefined ? `, order #${r.order_display_id}` : ""}`)
      : ["None yet."]),
    ...(bundle.missing.length ? ["", `Still missing: ${bundle.missing.join(", ")}.`] : []),
    "",
    "## Checklist",
    "",
    "| Requirement | How the plugin meets it | Go-live check |",
    "|---|---|---|",
    ...bundle.checklist.map((c) => `| ${cell(c.requirement)} | ${cell(c.how)} | ${(c.checked_by ?? []).map((x) => `${x.item}: ${x.status}`).join(", ") || "—"} |`),
    "",
    "## Request examples",
    "",
    "Recorded by the go-live check as sent and received; the access token, client secret, subscription key, webhook secrets, phone numbers and personal data are replaced by `<redacted>` or masked.",
    "",
    ...(bundle.examples.length ? bundle.examples.flatMap(exampleMarkdown) : ["None: run the go-live check."]),
    "## Video checklist",
    "",
    "Record the payment flow (screen recording, a few minutes, in the environment you are approved for) showing:",
    "",
    ...bundle.video_checklist.map((scene, i) => `${i + 1}. [ ] ${scene}`),
    "",
  ]
  return lines.join("\n")
}

function exampleMarkdown(example: GoLiveExample, index: number): string[] {
  const { request: req, response: res } = example
  const headers = (h: Record<string, string> = {}) => Object.entries(h).map(([name, value]) => `${name}: ${value}`)
  const body = (b: unknown) => (b === undefined ? [] : ["", JSON.stringify(b, null, 2)])
  return [
    `### ${index + 1}. ${example.title}${example.reference ? ` — ${example.reference}` : ""}`,
    "",
    `${example.operation === "webhookDelivery" ? "Received" : "Sent"} ${minute(new Date(example.at))} (${example.at})`,
    ...(example.note ? ["", example.note] : []),
    "",
    "```http",
    `${req.method} ${req.path}`,
    ...headers(req.headers),
    ...body(req.body),
    "```",
    "",
    "```http",
    res.status !== undefined ? `HTTP ${res.status}` : `(no response: ${res.error ?? "network error"})`,
    ...headers(res.headers),
    ...body(res.body),
    "```",
    "",
  ]
}

const cell = (text: string) => text.replace(/\|/g, "\\|").replace(/\n/g, " ")
