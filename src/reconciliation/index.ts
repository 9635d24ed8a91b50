/**
 * Reconciliation: the safety net behind webhooks. One run reads the Vipps payments still
 * pending in Medusa, retries failed webhook deliveries, and repairs money movements a dead
 * process left half done (movements.ts), applying all through payment-sync.
 * Its cost grows with what is pending or in flight, never with the store's history. Run by the
 * `reconcile-vipps-payments` job.
 * May call: payment-sync, webhooks, sales-units, the provider's session data, the plugin's module.
 */
export * from "./reconcile"
export * from "./movements"
export * from "./medusa-ledger"
export * from "./capture-deadlines"
export * from "./release-remainder"
