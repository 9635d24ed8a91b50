import { Modules } from "@medusajs/framework/utils"
import { MARKETS } from "../helpers/store"
import { eventually, vippsIntegrationSuite } from "../helpers/sandbox"
import { capturesAtVipps, fulfil, getOrderDetails, medusaPayment, paidOrder, staysTheSame, sum } from "../helpers/fulfillment"
import { captureVippsFulfillmentWorkflow } from "../../src/workflows"

// Default registration: `capture: "fulfillment"`.
vippsIntegrationSuite(({ api, getContainer, sandbox }) => {
  const capturedAtVipps = async (reference: string, expected: number) =>
    eventually(async () => {
      const captures = await capturesAtVipps(sandbox(), reference)
      return sum(captures) === expected ? captures : undefined
    })

  describe("capture follows fulfilment", () => {
    it("3 items in 2 fulfilments: 2 captures at Vipps that add up to the order total, and Medusa shows them", async () => {
      // 100 × 1 + 50 × 2 + shipping 49 = 249 NOK
      const order = await paidOrder(api, getContainer(), sandbox(), MARKETS.NOK, [{ price: 100, quantity: 1 }, { price: 50, quantity: 2 }], { shipping: 49 })
      expect(order.total).toBe(249)
      const [a, b] = order.itemIds

      await fulfil(api, order.store, order.orderId, [{ id: a, quantity: 1 }, { id: b, quantity: 1 }])
      // First fulfilment: 100 + 50 + shipping 49.
      expect(await capturedAtVipps(order.reference, 19900)).toEqual([19900])

      await fulfil(api, order.store, order.orderId, [{ id: b, quantity: 1 }])
      expect(await capturedAtVipps(order.reference, 24900)).toEqual([19900, 5000])

      const payment = await eventually(async () => {
        const p = await medusaPayment(api, order.store, order.paymentId)
        return p.capturedMinor === 24900 ? p : undefined
      })
      expect(payment.captures.map((c: any) => c.amount).sort()).toEqual([199, 50].sort())
      expect(payment.captured_at).toBeTruthy()
      const details = await getOrderDetails(api, order.store, order.orderId)
      expect(details.payment_collections[0].captured_amount).toBe(249)
      expect(details.payment_status).toBe("captured")

      // Each capture carried its own key, derived from its fulfilment.
      const requests = await sandbox().requests({ method: "POST", pathContains: `/payments/${order.reference}/capture` })
      expect(new Set(requests.map((r) => r.headers["idempotency-key"])).size).toBe(2)
      expect((await sandbox().payment(order.reference)).aggregate.capturedAmount.value).toBe(24900)
    })

    it.each([["DKK"], ["EUR"]] as const)("%s: 3 × 33.33 + 4.99 shipping in 3 fulfilments captures exactly the order total", async (currency) => {
      const order = await paidOrder(api, getContainer(), sandbox(), MARKETS[currency], [{ price: 33.33, quantity: 3 }], { shipping: 4.99 })
      expect(order.total).toBe(104.98)
      const [line] = order.itemIds
      for (const expected of [3832, 7165, 10498]) {
        await fulfil(api, order.store, order.orderId, [{ id: line, quantity: 1 }])
        await capturedAtVipps(order.reference, expected)
      }
      expect(await capturesAtVipps(sandbox(), order.reference)).toEqual([3832, 3333, 3333])
      const payment = await medusaPayment(api, order.store, order.paymentId)
      expect(payment.capturedMinor).toBe(10498)
      expect((await sandbox().payment(order.reference)).aggregate.capturedAmount.value).toBe(10498)
    })

    it("a line whose per-unit total does not divide evenly: the completing fulfilment takes the exact rest", async () => {
      // 3 × 10.01 = 30.03 in 2 fulfilments (2 + 1): 20.02 then exactly 10.01; with 0.05 shipping first.
      const order = await paidOrder(api, getContainer(), sandbox(), MARKETS.EUR, [{ price: 10.01, quantity: 3 }], { shipping: 0.05 })
      const [line] = order.itemIds
      await fulfil(api, order.store, order.orderId, [{ id: line, quantity: 2 }])
      await capturedAtVipps(order.reference, 2007)
      await fulfil(api, order.store, order.orderId, [{ id: line, quantity: 1 }])
      expect(await capturedAtVipps(order.reference, 3008)).toEqual([2007, 1001])
    })

    it("the same fulfilment event delivered twice (and the workflow re-run) captures once", async () => {
      const order = await paidOrder(api, getContainer(), sandbox(), MARKETS.NOK, [{ price: 100, quantity: 2 }])
      const [line] = order.itemIds
      const fulfillmentId = await fulfil(api, order.store, order.orderId, [{ id: line, quantity: 1 }])
      const eventBus = getContainer().resolve(Modules.EVENT_BUS)
      const event = { name: "order.fulfillment_created", data: { order_id: order.orderId, fulfillment_id: fulfillmentId } }
      // Duplicates racing with the original delivery, and one after it.
      await Promise.all([eventBus.emit(event), eventBus.emit(event)])
      await capturedAtVipps(order.reference, 10000)
      await eventBus.emit(event)
      const { result } = await captureVippsFulfillmentWorkflow(getContainer()).run({ input: { fulfillment_id: fulfillmentId, trigger: "fulfillment" } })
      expect((result.plan as any).skip).toMatch(/captured already/)

      expect(await staysTheSame(() => capturesAtVipps(sandbox(), order.reference))).toEqual([10000])
      const payment = await medusaPayment(api, order.store, order.paymentId)
      expect(payment.captures).toHaveLength(1)
      expect(payment.capturedMinor).toBe(10000)
    })

    it("concurrent admin capture and fulfilment capture never exceed the authorization", async () => {
      let store: any
      for (const adminAmount of [undefined, 40, undefined, 40]) {
        const order = await paidOrder(api, getContainer(), sandbox(), MARKETS.NOK, [{ price: 100, quantity: 1 }], { store })
        store = order.store
        const [line] = order.itemIds
        // The fulfilment completes the order (wants the whole 100) while the admin captures all or 40.
        const [admin] = await Promise.allSettled([
          api.post(`/admin/payments/${order.paymentId}/capture`, adminAmount === undefined ? {} : { amount: adminAmount }, order.store.admin),
          fulfil(api, order.store, order.orderId, [{ id: line, quantity: 1 }]),
        ])
        // Whoever wins, the order ends up captured exactly once in full, at Vipps and in Medusa.
        const captures = await capturedAtVipps(order.reference, 10000)
        const vipps = await staysTheSame(async () => (await sandbox().payment(order.reference)).aggregate)
        expect(vipps.capturedAmount.value).toBe(10000)
        const payment = await eventually(async () => {
          const p = await medusaPayment(api, order.store, order.paymentId)
          return p.capturedMinor === 10000 ? p : undefined
        })
        expect(sum(captures)).toBe(10000)
        expect(payment.capturedMinor).toBeLessThanOrEqual(10000)
        if (adminAmount === 40 && admin.status === "fulfilled") expect(captures.sort()).toEqual([4000, 6000].sort())
      }
    })

    it("an order with an uncaptured remainder is cancelled: the remainder is released at Vipps and recorded", async () => {
      const order = await paidOrder(api, getContainer(), sandbox(), MARKETS.NOK, [{ price: 60, quantity: 1 }, { price: 40, quantity: 1 }])
      const [first] = order.itemIds
      const fulfillmentId = await fulfil(api, order.store, order.orderId, [{ id: first, quantity: 1 }])
      await capturedAtVipps(order.reference, 6000)
      // Medusa cancels an order only after its fulfilments are cancelled.
      await api.post(`/admin/orders/${order.orderId}/fulfillments/${fulfillmentId}/cancel`, {}, order.store.admin)
      await api.post(`/admin/orders/${order.orderId}/cancel`, {}, order.store.admin)

      const vipps = await eventually(async () => {
        const p = await sandbox().payment(order.reference)
        return p.aggregate.cancelledAmount.value === 4000 ? p : undefined
      })
      // Medusa's own flow refunded what was captured; the plugin released the 40 still reserved.
      expect(vipps.aggregate.capturedAmount.value).toBe(6000)
      expect(vipps.aggregate.refundedAmount.value).toBe(6000)
      const payment = await eventually(async () => {
        const p = await medusaPayment(api, order.store, order.paymentId)
        return p.data.remainder_released?.length ? p : undefined
      })
      expect(payment.data.remainder_released).toEqual([expect.objectContaining({ amount: 4000, currency: "NOK", reason: "order_canceled" })])
    })

    it("a cancelled fully captured order is left to Medusa's refund flow", async () => {
      const order = await paidOrder(api, getContainer(), sandbox(), MARKETS.NOK, [{ price: 100, quantity: 1 }])
      await api.post(`/admin/payments/${order.paymentId}/capture`, {}, order.store.admin)
      await api.post(`/admin/orders/${order.orderId}/cancel`, {}, order.store.admin)
      const vipps = await eventually(async () => {
        const p = await sandbox().payment(order.reference)
        return p.aggregate.refundedAmount.value === 10000 ? p : undefined
      })
      expect(vipps.aggregate.cancelledAmount.value).toBe(0)
      expect(vipps.events.filter((e) => e.name === "CANCELLED")).toHaveLength(0)
    })

    it("a capture Vipps rejects keeps the fulfilment, shows a readable failure, and a retry captures", async () => {
      const order = await paidOrder(api, getContainer(), sandbox(), MARKETS.NOK, [{ price: 100, quantity: 1 }])
      const [line] = order.itemIds
      // 6260: the bank no longer holds the funds (a Vipps rejection, not a transient error).
      await sandbox().fault({ method: "POST", pathContains: `/payments/${order.reference}/capture`, count: 1, kind: "error", status: 400, code: "6260" })
      const fulfillmentId = await fulfil(api, order.store, order.orderId, [{ id: line, quantity: 1 }])

      const failed = await eventually(async () => {
        const p = await medusaPayment(api, order.store, order.paymentId)
        return p.data.capture_failures?.length ? p : undefined
      })
      expect(failed.data.capture_failures[0]).toEqual(
        expect.objectContaining({ fulfillment_id: fulfillmentId, amount: 10000, currency: "NOK", status: 400, code: "6260", definitive: true, message: expect.stringMatching(/bank released the reserved amount; nothing was captured/) })
      )
      expect(failed.data.capture_failures[0].trace_id).toBeTruthy()
      // Nothing captured anywhere, and Medusa's record of the attempt was rolled back.
      expect(failed.captures).toHaveLength(0)
      expect((await sandbox().payment(order.reference)).aggregate.capturedAmount.value).toBe(0)
      const details = await getOrderDetails(api, order.store, order.orderId)
      expect(details.fulfillments.filter((f: any) => !f.canceled_at).map((f: any) => f.id)).toEqual([fulfillmentId])
      expect(details.payment_collections[0].captured_amount).toBe(0)

      // Retry: run the workflow again for the fulfilment (what an admin action or script does).
      await captureVippsFulfillmentWorkflow(getContainer()).run({ input: { fulfillment_id: fulfillmentId } })
      expect(await capturesAtVipps(sandbox(), order.reference)).toEqual([10000])
      const payment = await medusaPayment(api, order.store, order.paymentId)
      expect(payment.capturedMinor).toBe(10000)
      expect(payment.data.capture_failures[0].resolved_at).toBeTruthy()
      // The retry used a new key: Vipps would repeat its rejection for the old one.
      const keys = (await sandbox().requests({ method: "POST", pathContains: `/payments/${order.reference}/capture` })).map((r) => r.headers["idempotency-key"])
      expect(new Set(keys).size).toBe(2)
    })

    it("a Vipps error code reaches the merchant: capturing a payment cancelled in the portal fails with 6070", async () => {
      const order = await paidOrder(api, getContainer(), sandbox(), MARKETS.NOK, [{ price: 100, quantity: 1 }])
      await sandbox().portal(order.reference, "cancel")
      await fulfil(api, order.store, order.orderId, [{ id: order.itemIds[0], quantity: 1 }])
      const failed = await eventually(async () => {
        const p = await medusaPayment(api, order.store, order.paymentId)
        return p.data.capture_failures?.length ? p : undefined
      })
      expect(failed.data.capture_failures[0]).toEqual(
        expect.objectContaining({ code: "6070", message: "The payment was cancelled at Vipps MobilePay and can no longer be captured." })
      )
      expect(failed.captures).toHaveLength(0)
    })
  })
})
