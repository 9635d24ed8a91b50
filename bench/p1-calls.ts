/**
 * P1: Vipps calls of one payment's lifecycle with webhooks registered — session → approve at
 * the sandbox → complete → capture on fulfilment → partial refund — counted by kind from the
 * sandbox's request log once the webhooks have been processed (the log is quiet). Then 30
 * return-page polls after the order exists, and the Vipps reads they caused.
 */
import { request, sleep } from "./lib/http"
import type { CallCounts, SandboxControl } from "./lib/sandbox"
import { VIPPS, type DemoStore } from "./lib/store"

export type P1Result = { reference: string; calls: CallCounts; polls: number; pollReads: number; pollsOk: number; quiet: boolean }

/** Registers the store's webhook for pp_vipps_vipps at the sandbox, pointing at this Medusa. */
export async function registerWebhooks(demo: DemoStore, medusaUrl: string) {
  const { webhook } = await demo.admin.post("/admin/vipps/webhooks", { provider_id: VIPPS, url: `${medusaUrl}/hooks/vipps/vipps` })
  if (webhook.status !== "registered") throw new Error(`webhook registration: ${JSON.stringify(webhook)}`)
  return webhook.url as string
}

async function waitFor<T>(what: string, read: () => Promise<T | undefined>, maxMs = 60_000): Promise<T> {
  const deadline = Date.now() + maxMs
  while (Date.now() < deadline) {
    const value = await read()
    if (value !== undefined) return value
    await sleep(250)
  }
  throw new Error(`timed out waiting for ${what}`)
}

export async function measureP1(demo: DemoStore, sandbox: SandboxControl, medusaUrl: string, polls = 30): Promise<P1Result> {
  const mark = await sandbox.mark()
  const checkout = await demo.checkout(VIPPS)
  if (!checkout.orderId || !checkout.reference) throw new Error(`P1 checkout did not become an order: ${checkout.error}`)
  const reference = checkout.reference

  // Capture on fulfilment: fulfil everything; the plugin's subscriber captures at Vipps.
  const { order } = await demo.admin.get(`/admin/orders/${checkout.orderId}?fields=id,total,*items,*payment_collections,*payment_collections.payments`)
  const { stock_locations } = await demo.admin.get("/admin/stock-locations")
  await demo.admin.post(`/admin/orders/${order.id}/fulfillments`, {
    items: order.items.map((i: any) => ({ id: i.id, quantity: i.quantity })),
    location_id: stock_locations[0].id,
  })
  await waitFor("the capture at Vipps", async () => {
    const p = await sandbox.payment(reference)
    return (p.aggregate.capturedAmount?.value ?? 0) > 0 ? true : undefined
  })

  // Partial refund: 100.00 of the order, through Medusa's admin API.
  const paymentId = order.payment_collections[0].payments[0].id
  await demo.admin.post(`/admin/payments/${paymentId}/refund`, { amount: 100 })
  await waitFor("the refund at Vipps", async () => {
    const p = await sandbox.payment(reference)
    return (p.aggregate.refundedAmount?.value ?? 0) > 0 ? true : undefined
  })
  // Every webhook of this payment delivered, and what the plugin does on them done.
  await waitFor("the webhook deliveries", async () => {
    const mine = (await sandbox.deliveries()).filter((d) => d.reference === reference)
    return mine.some((d) => d.event.includes("refunded")) ? true : undefined
  })
  const quiet = await sandbox.quiescent(3000, 60_000)
  const calls = await sandbox.countCalls(mark, reference)

  // The return page polled after the order exists: each poll should answer from Medusa.
  const pollMark = await sandbox.mark()
  let pollsOk = 0
  for (let i = 0; i < polls; i++) {
    const reply = await request(`${medusaUrl}/store/vipps/payments/${encodeURIComponent(reference)}?token=${encodeURIComponent(checkout.returnToken ?? "")}`, {
      headers: { "x-publishable-api-key": demo.publishableKey },
    })
    if (reply.status === 200 && reply.body?.order_id) pollsOk++
  }
  await sandbox.quiescent(2000, 20_000)
  const pollCalls = await sandbox.countCalls(pollMark, reference)
  return { reference, calls, polls, pollsOk, pollReads: pollCalls.get + pollCalls.events, quiet }
}
