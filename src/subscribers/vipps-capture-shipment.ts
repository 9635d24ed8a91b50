import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import { captureVippsFulfillmentWorkflow } from "../workflows/vipps-capture/capture-fulfillment"
import { runVippsCaptureWorkflow } from "../workflows/vipps-capture/run-in-subscriber"

// A fulfilment was shipped: with `capture: "shipment"` its items are captured now.
// The workflow skips orders not paid with Vipps and registrations configured otherwise.
export default async function vippsCaptureOnShipment({ event, container }: SubscriberArgs<{ id: string }>) {
  const fulfillmentId = event.data.id
  await runVippsCaptureWorkflow(container, `capture for fulfilment ${fulfillmentId}`, () =>
    captureVippsFulfillmentWorkflow(container).run({ input: { fulfillment_id: fulfillmentId, trigger: "shipment" }, throwOnError: false })
  )
}

export const config: SubscriberConfig = {
  event: "shipment.created",
  context: { subscriberId: "vipps-capture-shipment" },
}
