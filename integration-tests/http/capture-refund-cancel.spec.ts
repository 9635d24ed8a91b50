import { MARKETS, Store } from "../helpers/store"
import { paidOrder as paidVippsOrder } from "../helpers/fulfillment"
import { vippsIntegrationSuite } from "../helpers/sandbox"

vippsIntegrationSuite(({ api, getContainer, sandbox }) => {
  /** A NOK 100.00 order paid with Vipps (authorized, nothing captured). */
  const paidOrder = (store?: Store) => paidVippsOrder(api, getContainer(), sandbox(), MARKETS.NOK, [{ price: 100, quantity: 1 }], { store })

  const capture = (store: any, paymentId: string, amount?: number) =>
    api.post(`/admin/payments/${paymentId}/capture`, amount === undefined ? {} : { amount }, store.admin)
  const refund = (store: any, paymentId: string, amount?: number) =>
    api.post(`/admin/payments/${paymentId}/refund`, amount === undefined ? {} : { amount }, store.admin)

  describe("capture, refund and cancel from the Medusa admin", () => {
    it("full capture captures the whole amount at Vipps", async () => {
      const { store, paymentId, reference } = await paidOrder()
      await capture(store, paymentId)
      const vipps = await sandbox().payment(reference)
      expect(vipps.aggregate.capturedAmount.value).toBe(10000)
    })

    it("partial capture: 40 of 100 captures exactly 40, then the rest captures 60", async () => {
      const { store, paymentId, reference } = await paidOrder()

      await capture(store, paymentId, 40)
      expect((await sandbox().payment(reference)).aggregate.capturedAmount.value).toBe(4000)

      await capture(store, paymentId, 60)
      const vipps = await sandbox().payment(reference)
      expect(vipps.aggregate.capturedAmount.value).toBe(10000)
      expect(vipps.events.filter((e) => e.name === "CAPTURED" && e.success).map((e) => e.amount.value)).toEqual([4000, 6000])

      const { data } = await api.get(`/admin/payments/${paymentId}?fields=*captures`, store.admin)
      expect(data.payment.captures.map((c: any) => c.amount).sort()).toEqual([40, 60])
    })

    it("partial then full refund refunds exactly the requested amounts", async () => {
      const { store, paymentId, reference } = await paidOrder()
      await capture(store, paymentId)

      await refund(store, paymentId, 25.5)
      expect((await sandbox().payment(reference)).aggregate.refundedAmount.value).toBe(2550)

      await refund(store, paymentId, 74.5)
      const vipps = await sandbox().payment(reference)
      expect(vipps.aggregate.refundedAmount.value).toBe(10000)
      expect(vipps.events.filter((e) => e.name === "REFUNDED").map((e) => e.amount.value)).toEqual([2550, 7450])
    })

    it("cancelling the order before capture releases the reservation at Vipps", async () => {
      const { store, orderId, reference } = await paidOrder()
      await api.post(`/admin/orders/${orderId}/cancel`, {}, store.admin)
      const vipps = await sandbox().payment(reference)
      expect(vipps.aggregate.cancelledAmount.value).toBe(10000)
      expect(vipps.aggregate.capturedAmount.value).toBe(0)
    })

    it("a capture that fails twice with 500 is retried with the same key: exactly one capture at Vipps", async () => {
      const { store, paymentId, reference } = await paidOrder()
      await sandbox().fault({ method: "POST", pathContains: `/payments/${reference}/capture`, count: 2, kind: "error", status: 500 })

      await capture(store, paymentId, 40)

      const vipps = await sandbox().payment(reference)
      expect(vipps.aggregate.capturedAmount.value).toBe(4000)
      expect(vipps.events.filter((e) => e.name === "CAPTURED" && e.success)).toHaveLength(1)
      const attempts = await sandbox().requests({ method: "POST", pathContains: `/payments/${reference}/capture` })
      expect(attempts.map((a) => a.status)).toEqual([500, 500, 200])
      expect(new Set(attempts.map((a) => a.headers["idempotency-key"])).size).toBe(1)
      expect(new Set(attempts.map((a) => JSON.stringify(a.body))).size).toBe(1)
    })

    it("a capture whose answer is lost (timeout after Vipps applied it) is not captured twice", async () => {
      const { store, paymentId, reference } = await paidOrder()
      await sandbox().fault({ method: "POST", pathContains: `/payments/${reference}/capture`, count: 1, kind: "timeout", delayMs: 5000, apply: true })

      await capture(store, paymentId, 30)

      const vipps = await sandbox().payment(reference)
      expect(vipps.aggregate.capturedAmount.value).toBe(3000)
      expect(vipps.events.filter((e) => e.name === "CAPTURED" && e.success)).toHaveLength(1)
    })

    it("one access token serves every call, and every call carries the Vipps system headers", async () => {
      const first = await paidOrder()
      const { store, paymentId, reference } = await paidOrder(first.store)
      await capture(store, paymentId, 10)
      await refund(store, paymentId, 10)

      const all = await sandbox().requests()
      const nok = all.filter((r) => r.headers["merchant-serial-number"] === "100001")
      const tokenCalls = nok.filter((r) => r.path.toLowerCase().startsWith("/accesstoken/get"))
      expect(tokenCalls.length).toBe(1)
      expect(nok.filter((r) => r.path.includes(reference)).length).toBeGreaterThanOrEqual(3)
      for (const request of all) {
        expect(request.headers["vipps-system-name"]).toBe("medusa")
        expect(request.headers["vipps-system-version"]).toMatch(/^2\.\d+\.\d+/)
        expect(request.headers["vipps-system-plugin-name"]).toBe("medusa-payment-vipps")
        expect(request.headers["vipps-system-plugin-version"]).toMatch(/^\d+\.\d+\.\d+/)
        expect(request.headers["ocp-apim-subscription-key"]).toBeTruthy()
        expect(request.headers["merchant-serial-number"]).toMatch(/^\d{4,10}$/)
      }
    })
  })
})
