/**
 * Webhooks: registering the store's webhook URL at Vipps per provider (and keeping the secret
 * Vipps shows once), the hourly health check that registers again what Vipps removed, and processing a stored, verified delivery through payment-sync. The
 * intake itself (signature check, store, dedupe, 200) is the route `api/hooks/vipps/[provider]`,
 * with its group commit here (intake-batch.ts).
 * May call: payment-sync, sales-units, the plugin's module, src/vipps.
 */
export * from "./registration"
export * from "./health"
export * from "./process-event"
export * from "./intake-registration"
export * from "./intake-batch"
export { changesNothing } from "./confirmation"
