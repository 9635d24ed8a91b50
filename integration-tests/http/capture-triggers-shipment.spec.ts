import { MARKETS } from "../helpers/store"
import { eventually, vippsIntegrationSuite } from "../helpers/sandbox"
import { capturesAtVipps, fulfil, medusaPayment, paidOrder, ship, staysTheSame, sum } from "../helpers/fulfillment"

// Registrations configured with `capture: "shipment"`.
vippsIntegrationSuite(({ api, getContainer, sandbox }) => {
  it('capture: "shipment" captures when each fulfilment ships, not when it is created', async () => {
    const order = await paidOrder(api, getContainer(), sandbox(), MARKETS.NOK, [{ price: 100, quantity: 1 }, { price: 50, quantity: 2 }], { shipping: 49 })
    const [a, b] = order.itemIds
    const first = [{ id: a, quantity: 1 }, { id: b, quantity: 1 }]
    const firstId = await fulfil(api, order.store, order.orderId, first)
    const secondId = await fulfil(api, order.store, order.orderId, [{ id: b, quantity: 1 }])
    expect(await staysTheSame(() => capturesAtVipps(sandbox(), order.reference))).toEqual([])

    await ship(api, order.store, order.orderId, firstId, first)
    await eventually(async () => sum(await capturesAtVipps(sandbox(), order.reference)) === 19900)
    await ship(api, order.store, order.orderId, secondId, [{ id: b, quantity: 1 }])
    await eventually(async () => sum(await capturesAtVipps(sandbox(), order.reference)) === 24900)

    expect(await capturesAtVipps(sandbox(), order.reference)).toEqual([19900, 5000])
    const payment = await eventually(async () => {
      const p = await medusaPayment(api, order.store, order.paymentId)
      return p.capturedMinor === 24900 ? p : undefined
    })
    expect(payment.captures).toHaveLength(2)
  })
}, { VIPPS_CAPTURE: "shipment" })
