import { PaymentSessionStatus } from "@medusajs/framework/utils"

import type { PaymentState } from "../../vipps"

export type VippsState = PaymentState

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
