import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import { captureVippsAuthorizationWorkflow } from "../workflows/vipps-capture/capture-authorization"
import { runVippsCaptureWorkflow } from "../workflows/vipps-capture/run-in-subscriber"

// An order was placed: with `capture: "authorization"` (digital goods) everything is captured now.
export default async function vippsCaptureOnAuthorization({ event, container }: SubscriberArgs<{ id: string }>) {
  await runVippsCaptureWorkflow(container, `capture at authorization for order ${event.data.id}`, () =>
    captureVippsAuthorizationWorkflow(container).run({ input: { order_id: event.data.id }, throwOnError: false })
  )
}

export const config: SubscriberConfig = {
  event: "order.placed",
  context: { subscriberId: "vipps-capture-authorization" },
}
