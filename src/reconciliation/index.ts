/**
 * Reconciliation: the safety net behind webhooks. One run reads the Vipps payments still
 * pending in Medusa and retries failed webhook deliveries, applying both through payment-sync.
 * Its cost grows with what is pending, never with the store's history. Run by the
 * `reconcile-vipps-payments` job.
 * May call: payment-sync, webhooks, sales-units, the plugin's module.
 */
export * from "./reconcile"
