// The values the admin turns into text keys at run time (`t(`status.${status}`)`): one list each,
// shared by the components and the i18n unit test, which checks every value has its text in
// every language. A value outside a list (a newer server) is shown as the server sends it.

/** The card's amount rows: Vipps's aggregate names (texts `amounts.<name>`). */
export const AMOUNT_NAMES = ["authorized", "captured", "refunded", "cancelled"] as const

/** Where an event-log row comes from (texts `events.source.<source>`). */
export const EVENT_SOURCES = ["both", "vipps", "webhook"] as const

/** How the store processed a webhook delivery, other than processed (texts `events.webhookStatus.<status>`). */
export const DELIVERY_STATUSES = ["received", "failed"] as const

/** Webhook registration statuses, src/webhooks/registration.ts (texts `webhook.status.<status>`). */
export const WEBHOOK_STATUSES = ["registered", "not_registered", "missing_at_vipps", "url_changed"] as const

/** Go-live item results (texts `goLive.result.<status>`). */
export const GO_LIVE_RESULTS = ["pass", "fail", "skipped"] as const

/**
 * The go-live checklist items (src/go-live: setup checks, test payments, production orders) whose
 * titles have words (texts `goLive.item.<id>`); the details are the server's sentences (English),
 * with names, amounts and references in them.
 */
export const GO_LIVE_ITEMS = [
  "credentials",
  "msn",
  "currency",
  "system_headers",
  "webhook_registration",
  "webhook_delivery",
  "payment_captured",
  "payment_refunded",
  "payment_cancelled",
  "order_authorized",
  "order_captured",
  "order_refunded",
  "order_cancelled",
] as const

/** The credentials the server lists, src/admin-api/credentials.ts (texts `credentials.name.<name>`, `credentials.rotate.<name>`). */
export const CREDENTIAL_NAMES = ["merchantSerialNumber", "clientId", "clientSecret", "subscriptionKey"] as const

/** Whether `value` is one of `list` (and so has a text). */
export const isOneOf = <T extends string>(list: readonly T[], value: string): value is T => (list as readonly string[]).includes(value)
