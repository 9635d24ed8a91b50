import { Modules } from "@medusajs/framework/utils"
import { warnCaptureDeadlines } from "../../src/reconciliation"
import { MARKETS, completeCart, createCart, createProduct, createStoreWithWebhooks, startVippsPayment } from "../helpers/store"
import { eventually, vippsIntegrationSuite } from "../helpers/sandbox"
import { medusaPayment, paidOrder } from "../helpers/fulfillment"

const DAY = 24 * 3600_000

/**
 * The capture deadline from captureGuaranteedUntil (issue 22, item 1; UPDATES-2026.md): the
 * earlier of it and the market's period, on the payment's data, the card and the log.
 */
vippsIntegrationSuite(({ api, getContainer, sandbox }) => {
  const card = async (store: any, paymentId: string) => (await api.get(`/admin/vipps/payments/${paymentId}`, store.admin)).data.payment

  it("deadline from captureGuaranteedUntil: earlier than Norway's 180 days, on the card and in the payment's data; warned in the log once", async () => {
    const order = await paidOrder(api, getContainer(), sandbox(), MARKETS.NOK, [{ price: 100, quantity: 1 }])
    const before = await medusaPayment(api, order.store, order.paymentId)
    expect(Date.parse(before.data.capture_deadline) - Date.now()).toBeGreaterThan(170 * DAY) // no guarantee: the market's period
    expect(before.data.capture_guaranteed_until).toBeUndefined()
    expect((await warnCaptureDeadlines(getContainer())).map((w) => w.payment_id)).not.toContain(order.paymentId)

    // The bank guarantees the capture for two more days only.
    const until = new Date(Date.now() + 2 * DAY).toISOString()
    await sandbox().captureGuarantee(order.reference, until)
    const view = await card(order.store, order.paymentId)
    expect(view).toMatchObject({ capture_deadline: until, capture_guaranteed_until: until, deadline_warning: "soon" })
    expect(Date.parse(view.capture_period_ends) - Date.now()).toBeGreaterThan(170 * DAY)

    // Read from Vipps (refresh, the job, a webhook): stored on the payment.
    await api.post(`/admin/vipps/payments/${order.paymentId}/refresh`, {}, order.store.admin)
    const after = await medusaPayment(api, order.store, order.paymentId)
    expect(after.data).toMatchObject({ capture_deadline: until, capture_guaranteed_until: until })

    const first = await warnCaptureDeadlines(getContainer())
    expect(first.filter((w) => w.payment_id === order.paymentId)).toEqual([
      { payment_id: order.paymentId, order_id: order.orderId, reference: order.reference, deadline: until, uncaptured: 10000, currency: "NOK", passed: false },
    ])
    expect((await warnCaptureDeadlines(getContainer())).filter((w) => w.payment_id === order.paymentId)).toEqual([])
    expect((await medusaPayment(api, order.store, order.paymentId)).data.capture_deadline_warned_at).toEqual(expect.any(String))
  })

  it("a guarantee given with the authorization (GET and the AUTHORIZED webhook) is stored when the order is placed; none after a full capture", async () => {
    const store = await createStoreWithWebhooks(api, getContainer())
    const [variantId] = await createProduct(api, store, "Vare", [100])
    const cart = await createCart(api, store, [{ variantId, quantity: 1 }])
    const { session } = await startVippsPayment(api, store, cart.id)
    const until = new Date(Date.now() + 6 * DAY).toISOString()
    await sandbox().captureGuarantee(session.data.reference, until)
    await sandbox().act(session.data.reference, "approve")
    const result = await completeCart(api, store, cart.id)
    expect(result.type).toBe("order")
    const paymentId = (await getContainer().resolve(Modules.PAYMENT).listPayments({ payment_session_id: session.id } as any))[0].id
    const payment = await eventually(async () => {
      const p = await medusaPayment(api, store, paymentId)
      return p.data.capture_guaranteed_until ? p : undefined
    })
    expect(payment.data).toMatchObject({ capture_deadline: until, capture_guaranteed_until: until })
    const view = await card(store, paymentId)
    expect(view).toMatchObject({ capture_deadline: until, deadline_warning: null }) // 6 days: outside the 3-day window

    // Captured in full: no deadline to warn about.
    await api.post(`/admin/vipps/payments/${paymentId}/capture`, { amount: "100" }, store.admin)
    expect((await card(store, paymentId)).deadline_warning).toBeNull()
    expect((await warnCaptureDeadlines(getContainer(), new Date(Date.now() + 5 * DAY))).map((w) => w.payment_id)).not.toContain(paymentId)
  })
})
