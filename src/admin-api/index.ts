/**
 * Admin API: what the plugin's `/admin/vipps/*` routes answer and do: the order card's view of
 * a payment (amounts from Vipps, event log, deadline), its actions (capture, refund, release,
 * refresh) checked before money moves and run through Medusa's workflows, the settings page's
 * data and go-live check, and one way of turning errors into answers. Part of the api layer: the only code below
 * `api/` that may start workflows.
 * May call: workflows, go-live, payment-sync, webhooks, sales-units, the provider, the module, src/vipps.
 */
export * from "./http"
export * from "./payment-actions"
export * from "./payment-view"
export * from "./settings"
export * from "./event-log"
export * from "./provider-name"
export * from "./go-live"
export * from "./editable-settings"
export * from "./payment-list-query"
export * from "./payment-list"
