import type { FulfillmentTrigger } from "../../capture"

export type CaptureTrigger = FulfillmentTrigger | "authorization"

/** A capture the plugin decided to make, computed under the payment lock. Amounts in minor units. */
export type CapturePlan = {
  payment_id: string
  provider_id: string
  order_id: string
  currency: string
  reference: string
  /** Stored as the Capture row's `created_by`: finding it again is how a repeated event is recognised. */
  source: string
  trigger: CaptureTrigger
  fulfillment_id?: string
  idempotency_key: string
  /** What the fulfilled items are worth (the whole remainder for an authorization capture). */
  value: number
  /** This fulfilment completes the order: capture the exact rest, release what stays reserved. */
  completes: boolean
  /** The order total now (items removed after payment make it lower than the authorization). */
  order_total: number
}

/** Nothing to do, and why (logged at debug level). */
export type SkippedPlan = { skip: string }

export function isSkipped(plan: CapturePlan | SkippedPlan | undefined | null): plan is SkippedPlan | undefined | null {
  return !plan || "skip" in plan
}

/** `vipps:fulfillment:<id>` / `vipps:authorization` — the Capture row's `created_by`. */
export const captureSource = {
  fulfillment: (fulfillmentId: string) => `vipps:fulfillment:${fulfillmentId}`,
  authorization: () => "vipps:authorization",
  isFulfillment: (createdBy: string | null | undefined) => !!createdBy?.startsWith("vipps:fulfillment:"),
}
