import { VIPPS_MODULE } from "../../src/modules/vipps"
import { MARKETS, createStoreWithWebhooks } from "../helpers/store"
import { paidOrder } from "../helpers/fulfillment"
import { eventually, vippsIntegrationSuite } from "../helpers/sandbox"

/**
 * Webhooks that only confirm what Medusa already holds from Vipps (the plugin's own create,
 * authorization and movements) are processed without reading the payment again; anything else
 * (a movement made in the business portal) is still read and imported. The return page answers
 * from Medusa once the order exists.
 */
vippsIntegrationSuite(({ api, getContainer, sandbox }) => {

  const storeWithWebhooks = () => createStoreWithWebhooks(api, getContainer())

  async function storedEvents(reference: string) {
    const vipps = getContainer().resolve(VIPPS_MODULE) as any
    return (await vipps.listVippsWebhookEvents({ reference })) as { name: string; status: string }[]
  }

  /** GET payment calls (not /events) the store made for this reference so far. */
  async function paymentReads(reference: string) {
    const calls = await sandbox().requests({ method: "GET", pathContains: `/epayment/v1/payments/${reference}` })
    return calls.filter((c) => !c.path.includes("/events")).length
  }

  async function allProcessed(reference: string, names: string[]) {
    await eventually(async () => {
      const events = await storedEvents(reference)
      return names.every((n) => events.some((e) => e.name === n)) && events.every((e) => e.status === "processed")
    })
  }

  beforeEach(async () => {
    await sandbox().webhookMode("deliver")
  })

  it("the plugin's own capture and refund: their webhooks are processed without a Vipps read, and return polls read Medusa only", async () => {
    const store = await storeWithWebhooks()
    // Deliveries arrive 3 s late: each one finds the plugin's own step already done and recorded.
    await sandbox().webhookMode("delay", 3000)
    const { paymentId, reference, session, orderId } = await paidOrder(api, getContainer(), sandbox(), MARKETS.NOK, [{ price: 100, quantity: 1 }], { store })
    expect(await paymentReads(reference)).toBe(1) // the authorization, read when the cart completed
    await allProcessed(reference, ["AUTHORIZED"])
    expect((await storedEvents(reference)).map((e) => e.name)).toEqual(["AUTHORIZED"]) // CREATED is not subscribed
    expect(await paymentReads(reference)).toBe(1)

    await api.post(`/admin/payments/${paymentId}/capture`, { amount: 60 }, store.admin)
    await api.post(`/admin/payments/${paymentId}/refund`, { amount: 25 }, store.admin)
    // (The provider reads the payment before each movement: a portal movement must not be repeated.)
    const readsAfterMovements = await paymentReads(reference)
    await allProcessed(reference, ["CAPTURED", "REFUNDED"])
    expect(await paymentReads(reference)).toBe(readsAfterMovements)

    for (let i = 0; i < 3; i++) {
      const { data } = await api.get(`/store/vipps/payments/${reference}?token=${session.data.return_token}`, store.storeHeaders)
      expect(data).toMatchObject({ reference, state: "AUTHORIZED", status: "completed", order_id: orderId })
    }
    expect(await paymentReads(reference)).toBe(readsAfterMovements)

    const { data } = await api.get(`/admin/payments/${paymentId}?fields=*captures,*refunds`, store.admin)
    expect(data.payment.captures.map((c: any) => c.amount)).toEqual([60])
    expect(data.payment.refunds.map((r: any) => r.amount)).toEqual([25])
  })

  it("a portal capture after the plugin's own capture is read and imported, and no money moves twice", async () => {
    const store = await storeWithWebhooks()
    const { paymentId, reference } = await paidOrder(api, getContainer(), sandbox(), MARKETS.NOK, [{ price: 100, quantity: 1 }], { store })
    await api.post(`/admin/payments/${paymentId}/capture`, { amount: 50 }, store.admin)
    await allProcessed(reference, ["CAPTURED"])
    const before = await paymentReads(reference)

    await sandbox().portal(reference, "capture", 2000)
    const payment = await eventually(async () => {
      const { data } = await api.get(`/admin/payments/${paymentId}?fields=*captures`, store.admin)
      const captured = data.payment.captures.reduce((sum: number, c: any) => sum + c.amount, 0)
      return captured === 70 ? data.payment : undefined
    })
    expect(payment.captures.map((c: any) => c.amount).sort()).toEqual([20, 50])
    expect(await paymentReads(reference)).toBeGreaterThan(before)
    const vipps = await sandbox().payment(reference)
    expect(vipps.aggregate.capturedAmount.value).toBe(7000)
    expect(vipps.events.filter((e: any) => e.name === "CAPTURED" && e.success)).toHaveLength(2)
  })
})
