/**
 * Go-live: the Vipps MobilePay go-live checklist as one check per provider registration. In the
 * test environment (and against a sandbox URL) it checks credentials, MSN, currency, system
 * headers and the webhook registration, makes three payments through the real ePayment API
 * (force-approved as a test user) ending CAPTURED, REFUNDED and CANCELLED, reads each back and
 * waits for their verified webhook deliveries; in production it moves no money and finds, among
 * the store's orders, references showing AUTHORIZED, CAPTURED, REFUNDED and CANCELLED. It owns
 * the report (JSON, Markdown) and keeps the last one per provider in the plugin's module, with the
 * run's request examples (recorded through a twin of the client, redacted) for the evidence a
 * platform sends Vipps MobilePay with the checklist form (evidence.ts; their age: freshness.ts).
 * May call: webhooks (registration status), sales-units, the provider (options, client, request
 * builder), the plugin's module, src/vipps. Used by the vipps-go-live command and the admin API.
 */
export * from "./types"
export { runGoLiveCheck, lastGoLiveReports, lastGoLiveEvidence, goLiveModeOf } from "./run"
export type { GoLiveOptions } from "./run"
export { reportMarkdown, sendToVipps } from "./report"
export { pickReferences, shows, vippsPaymentsOfOrders, PRODUCTION_ENDINGS } from "./production"
export type { PaymentRow } from "./production"
export { TEST_AMOUNT_MINOR_UNITS } from "./test-payments"
export { evidenceBundle, evidenceMarkdown, currentPlatform } from "./evidence"
export type { EvidenceBundle, EvidencePlatform } from "./evidence"
export { examplesFreshness, oneMonthAfter } from "./freshness"
export type { ExamplesFreshness } from "./freshness"
export { redactExchange, redactBody, maskPhoneNumber, REDACTED } from "./redact"
export { createExampleRecorder, deliveryExample } from "./examples"
