import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import { releaseVippsRemainderWorkflow } from "../workflows/vipps-capture/release-remainder"
import { runVippsCaptureWorkflow } from "../workflows/vipps-capture/run-in-subscriber"

// An order was canceled. Medusa refunds what was captured and cancels payments with no
// capture, but leaves a partially captured payment's remainder reserved: release it.
export default async function vippsReleaseOnCancel({ event, container }: SubscriberArgs<{ id: string }>) {
  await runVippsCaptureWorkflow(container, `release for canceled order ${event.data.id}`, () =>
    releaseVippsRemainderWorkflow(container).run({ input: { order_id: event.data.id, reason: "order_canceled" }, throwOnError: false })
  )
}

export const config: SubscriberConfig = {
  event: "order.canceled",
  context: { subscriberId: "vipps-capture-release-on-cancel" },
}
