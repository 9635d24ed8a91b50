import { PaymentActions, PaymentSessionStatus } from "@medusajs/framework/utils"

/** The five ePayment states (GET payment `state`). */
export type VippsState = "CREATED" | "AUTHORIZED" | "ABORTED" | "EXPIRED" | "TERMINATED"

/** The eight ePayment event names (event log and webhooks). */
export type VippsEventName =
  | "CREATED"
  | "AUTHORIZED"
  | "ABORTED"
  | "EXPIRED"
  | "TERMINATED"
  | "CAPTURED"
  | "REFUNDED"
  | "CANCELLED"

type Aggregate = { authorized: number; captured: number; refunded: number; cancelled: number }

/**
 * Medusa session status for a Vipps payment. After AUTHORIZED the Vipps state never changes;
 * captures and cancels only move the aggregate amounts, so those decide the rest.
 */
export function sessionStatusFor(state: VippsState, aggregate?: Aggregate): PaymentSessionStatus {
  switch (state) {
    case "CREATED":
      return PaymentSessionStatus.PENDING
    case "AUTHORIZED":
      if (aggregate && aggregate.authorized > 0) {
        if (aggregate.captured >= aggregate.authorized) return PaymentSessionStatus.CAPTURED
        if (aggregate.cancelled > 0 && aggregate.captured === 0) return PaymentSessionStatus.CANCELED
      }
      return PaymentSessionStatus.AUTHORIZED
    case "ABORTED":
    case "EXPIRED":
      return PaymentSessionStatus.ERROR
    case "TERMINATED":
      return PaymentSessionStatus.CANCELED
  }
}

/** Medusa webhook action for a Vipps event name. */
export function webhookActionFor(name: VippsEventName): PaymentActions {
  switch (name) {
    case "CREATED":
      return PaymentActions.PENDING
    case "AUTHORIZED":
      return PaymentActions.AUTHORIZED
    case "CAPTURED":
      return PaymentActions.SUCCESSFUL
    case "ABORTED":
    case "EXPIRED":
      return PaymentActions.FAILED
    case "TERMINATED":
    case "CANCELLED":
      return PaymentActions.CANCELED
    case "REFUNDED":
      return PaymentActions.NOT_SUPPORTED
  }
}

/** Why a payment that never got authorized failed, in words a shopper understands. */
export function failureMessageFor(state: VippsState): string | undefined {
  switch (state) {
    case "ABORTED":
      return "The payment was cancelled in Vipps MobilePay. Nothing was charged. Choose Vipps MobilePay again to start a new payment."
    case "EXPIRED":
      return "The payment was not approved in time and has expired. Nothing was charged. Choose Vipps MobilePay again to start a new payment."
    case "TERMINATED":
      return "The payment was cancelled by the store. Nothing was charged. Choose Vipps MobilePay again to start a new payment."
    case "CREATED":
      return "The payment has not been approved in Vipps MobilePay yet. Approve it in the app, then try again."
    default:
      return undefined
  }
}
