import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import { captureVippsFulfillmentWorkflow } from "../workflows/vipps-capture/capture-fulfillment"
import { runVippsCaptureWorkflow } from "../workflows/vipps-capture/run-in-subscriber"

// A fulfilment was created: with `capture: "fulfillment"` (the default) its items are captured now.
// The workflow skips orders not paid with Vipps and registrations configured otherwise.
export default async function vippsCaptureOnFulfillment({ event, container }: SubscriberArgs<{ order_id: string; fulfillment_id: string }>) {
  const fulfillmentId = event.data.fulfillment_id
  await runVippsCaptureWorkflow(container, `capture for fulfilment ${fulfillmentId}`, () =>
    captureVippsFulfillmentWorkflow(container).run({ input: { fulfillment_id: fulfillmentId, trigger: "fulfillment" }, throwOnError: false })
  )
}

export const config: SubscriberConfig = {
  event: "order.fulfillment_created",
  context: { subscriberId: "vipps-capture-fulfillment" },
}
