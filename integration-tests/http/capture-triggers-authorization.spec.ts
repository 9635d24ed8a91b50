import { MARKETS } from "../helpers/store"
import { eventually, vippsIntegrationSuite } from "../helpers/sandbox"
import { capturesAtVipps, fulfil, getOrderDetails, medusaPayment, paidOrder, staysTheSame } from "../helpers/fulfillment"

// Registrations configured with `capture: "authorization"` (digital goods).
vippsIntegrationSuite(({ api, getContainer, sandbox }) => {
  it('capture: "authorization" captures the whole amount as soon as the order is placed, once', async () => {
    const order = await paidOrder(api, getContainer(), sandbox(), MARKETS.EUR, [{ price: 33.33, quantity: 3 }], { shipping: 4.99 })
    await eventually(async () => (await capturesAtVipps(sandbox(), order.reference)).length === 1)
    const payment = await eventually(async () => {
      const p = await medusaPayment(api, order.store, order.paymentId)
      return p.capturedMinor === 10498 ? p : undefined
    })
    expect(payment.captured_at).toBeTruthy()
    expect((await getOrderDetails(api, order.store, order.orderId)).payment_status).toBe("captured")

    // Fulfilling later moves no money.
    await fulfil(api, order.store, order.orderId, [{ id: order.itemIds[0], quantity: 3 }])
    expect(await staysTheSame(() => capturesAtVipps(sandbox(), order.reference))).toEqual([10498])
  })
}, { VIPPS_CAPTURE: "authorization" })
