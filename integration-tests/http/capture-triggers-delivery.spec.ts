import { MARKETS } from "../helpers/store"
import { eventually, vippsIntegrationSuite } from "../helpers/sandbox"
import { capturesAtVipps, deliver, fulfil, medusaPayment, paidOrder, ship, staysTheSame, sum } from "../helpers/fulfillment"

// Registrations configured with `capture: "delivery"`.
vippsIntegrationSuite(({ api, getContainer, sandbox }) => {
  it('capture: "delivery" captures when a fulfilment is delivered, not when it is created or shipped', async () => {
    const order = await paidOrder(api, getContainer(), sandbox(), MARKETS.DKK, [{ price: 33.33, quantity: 3 }], { shipping: 4.99 })
    const [line] = order.itemIds
    const firstId = await fulfil(api, order.store, order.orderId, [{ id: line, quantity: 2 }])
    await ship(api, order.store, order.orderId, firstId, [{ id: line, quantity: 2 }])
    const secondId = await fulfil(api, order.store, order.orderId, [{ id: line, quantity: 1 }])
    expect(await staysTheSame(() => capturesAtVipps(sandbox(), order.reference))).toEqual([])

    await deliver(api, order.store, order.orderId, firstId)
    await eventually(async () => sum(await capturesAtVipps(sandbox(), order.reference)) === 7165)
    await deliver(api, order.store, order.orderId, secondId)
    await eventually(async () => sum(await capturesAtVipps(sandbox(), order.reference)) === 10498)

    expect(await capturesAtVipps(sandbox(), order.reference)).toEqual([7165, 3333])
    const payment = await eventually(async () => {
      const p = await medusaPayment(api, order.store, order.paymentId)
      return p.capturedMinor === 10498 ? p : undefined
    })
    expect(payment.captures).toHaveLength(2)
  })
}, { VIPPS_CAPTURE: "delivery" })
