import type { VippsExchange, VippsExchangeRecorder } from "../vipps"
import { redactExchange, redactBody } from "./redact"
import type { GoLiveExample } from "./types"

/**
 * The go-live run's request examples: the recorder its Vipps client is given keeps, redacted at
 * once, each call of the kinds Vipps MobilePay asks to see (create, GET, event log, capture,
 * refund, cancel, the webhook registration list); the token call and the test API's force
 * approve are left out. Plus one webhook delivery the store received.
 */
export const EXAMPLE_TITLES: Record<string, string> = {
  createPayment: "Create payment",
  getPayment: "Get payment",
  getPaymentEvents: "Get payment event log",
  capture: "Capture",
  refund: "Refund",
  cancel: "Cancel",
  listWebhooks: "List webhook registrations",
  webhookDelivery: "Webhook delivery received",
}

export type ExampleRecorder = { record: VippsExchangeRecorder; examples(): GoLiveExample[] }

export function createExampleRecorder(): ExampleRecorder {
  const examples: GoLiveExample[] = []
  return {
    record(exchange: VippsExchange) {
      const title = EXAMPLE_TITLES[exchange.operation]
      if (!title || exchange.operation === "webhookDelivery") return
      examples.push({ title, operation: exchange.operation, ...(exchange.reference ? { reference: exchange.reference } : {}), at: exchange.at, ...redactExchange(exchange) })
    },
    examples: () => [...examples],
  }
}

/** A stored, verified delivery (vipps_webhook_event row) as an example. */
export function deliveryExample(row: { reference: string; name: string; payload: unknown; created_at: Date | string }, path: string): GoLiveExample {
  return {
    title: `${EXAMPLE_TITLES.webhookDelivery} (${row.name})`,
    operation: "webhookDelivery",
    reference: row.reference,
    at: new Date(row.created_at).toISOString(),
    request: { method: "POST", path, headers: { "Content-Type": "application/json" }, body: redactBody(row.payload) },
    response: { status: 200, body: { received: true } },
    note:
      "Received from Vipps MobilePay and stored only after its HMAC-SHA256 signature (Authorization, x-ms-date, " +
      "x-ms-content-sha256, host) verified against the registration's secret; the store keeps the body, not those headers.",
  }
}
