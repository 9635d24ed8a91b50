import { MARKETS } from "../helpers/store"
import { vippsIntegrationSuite } from "../helpers/sandbox"
import { capturesAtVipps, deliver, fulfil, medusaPayment, paidOrder, ship, staysTheSame } from "../helpers/fulfillment"

// Registrations configured with `capture: "manual"`.
vippsIntegrationSuite(({ api, getContainer, sandbox }) => {
  it('capture: "manual" captures nothing by itself; the admin capture still works', async () => {
    const order = await paidOrder(api, getContainer(), sandbox(), MARKETS.NOK, [{ price: 100, quantity: 1 }])
    const items = [{ id: order.itemIds[0], quantity: 1 }]
    const fulfillmentId = await fulfil(api, order.store, order.orderId, items)
    await ship(api, order.store, order.orderId, fulfillmentId, items)
    await deliver(api, order.store, order.orderId, fulfillmentId)
    expect(await staysTheSame(() => capturesAtVipps(sandbox(), order.reference))).toEqual([])
    expect((await medusaPayment(api, order.store, order.paymentId)).captures).toHaveLength(0)

    await api.post(`/admin/payments/${order.paymentId}/capture`, { amount: 100 }, order.store.admin)
    expect(await capturesAtVipps(sandbox(), order.reference)).toEqual([10000])
  })
}, { VIPPS_CAPTURE: "manual" })
