import { PaymentSessionStatus } from "@medusajs/framework/utils"

import type { PaymentState } from "../../vipps"

export type VippsState = PaymentState

type Aggregate = { authorized: number; captured: number; refunded: number; cancelled: number }

/**
 * The status of a session whose Vipps payment ended without money (ABORTED, EXPIRED,
 * TERMINATED). Not `error`/`canceled`: Medusa's cart completion skips sessions in those statuses
 * and answers a bare 400 "Payment sessions are required to complete cart". With `requires_more`
 * ("the customer has to act": choose Vipps MobilePay again) completion still asks the provider,
 * which answers the shopper's sentence, whether the webhook, the job or the shopper came first.
 * Unlike `pending`, the reconciliation job leaves it alone: the Vipps state is final.
 */
export const ENDED_WITHOUT_PAYMENT = PaymentSessionStatus.REQUIRES_MORE

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
    case "TERMINATED":
      return ENDED_WITHOUT_PAYMENT
  }
}
