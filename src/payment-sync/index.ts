/**
 * Payment sync: brings Medusa in line with what Vipps says about one payment. Webhooks, the
 * reconciliation job, the storefront's return page and the admin's "refresh" all come through
 * `syncVippsPayment`, under one lock per payment (`payment-lock`), so whichever arrives first
 * wins and the others change nothing. Owns: completing the cart when Vipps authorized,
 * marking rejected/expired sessions, importing portal captures/refunds/cancellations, and
 * releasing reservations no order can use.
 * May call: Medusa's core flows and modules, sales-units, the provider's session data, src/vipps.
 */
export * from "./sync-payment"
export * from "./payment-lock"
export * from "./placed-order"
export * from "./capture-guarantee"
