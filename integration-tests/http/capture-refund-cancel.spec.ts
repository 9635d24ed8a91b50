import { MARKETS, Store, completeCart, createCart, createProduct, createStore, getOrder, startVippsPayment } from "../helpers/store"
import { vippsIntegrationSuite } from "../helpers/sandbox"

vippsIntegrationSuite(({ api, getContainer, sandbox }) => {
  /** A NOK 100.00 order paid with Vipps (authorized, nothing captured). */
  async function paidOrder(existing?: Store) {
    const store = existing ?? (await createStore(api, getContainer(), MARKETS.NOK))
    const [variantId] = await createProduct(api, store, "Kaffe", [100])
    const cart = await createCart(api, store, [{ variantId, quantity: 1 }])
    const { session } = await startVippsPayment(api, store, cart.id)
    await sandbox().act(session.data.reference, "approve")
    const result = await completeCart(api, store, cart.id)
    if (result.type !== "order") throw new Error(`cart did not complete: ${result.error.message}`)
    const order = await getOrder(api, store, result.order.id)
    const payment = order.payment_collections[0].payments[0]
    return { store, order, payment, reference: session.data.reference as string }
  }

  const capture = (store: any, paymentId: string, amount?: number) =>
    api.post(`/admin/payments/${paymentId}/capture`, amount === undefined ? {} : { amount }, store.admin)
  const refund = (store: any, paymentId: string, amount?: number) =>
    api.post(`/admin/payments/${paymentId}/refund`, amount === undefined ? {} : { amount }, store.admin)

  describe("capture, refund and cancel from the Medusa admin", () => {
    it("full capture captures the whole amount at Vipps", async () => {
      const { store, payment, reference } = await paidOrder()
      await capture(store, payment.id)
      const vipps = await sandbox().payment(reference)
      expect(vipps.aggregate.capturedAmount.value).toBe(10000)
    })

    it("partial capture: 40 of 100 captures exactly 40, then the rest captures 60", async () => {
      const { store, payment, reference } = await paidOrder()

      await capture(store, payment.id, 40)
      expect((await sandbox().payment(reference)).aggregate.capturedAmount.value).toBe(4000)

      await capture(store, payment.id, 60)
      const vipps = await sandbox().payment(reference)
      expect(vipps.aggregate.capturedAmount.value).toBe(10000)
      expect(vipps.events.filter((e) => e.name === "CAPTURED" && e.success).map((e) => e.amount.value)).toEqual([4000, 6000])

      const { data } = await api.get(`/admin/payments/${payment.id}?fields=*captures`, store.admin)
      expect(data.payment.captures.map((c: any) => c.amount).sort()).toEqual([40, 60])
    })

    it("partial then full refund refunds exactly the requested amounts", async () => {
      const { store, payment, reference } = await paidOrder()
      await capture(store, payment.id)

      await refund(store, payment.id, 25.5)
      expect((await sandbox().payment(reference)).aggregate.refundedAmount.value).toBe(2550)

      await refund(store, payment.id, 74.5)
      const vipps = await sandbox().payment(reference)
      expect(vipps.aggregate.refundedAmount.value).toBe(10000)
      expect(vipps.events.filter((e) => e.name === "REFUNDED").map((e) => e.amount.value)).toEqual([2550, 7450])
    })

    it("cancelling the order before capture releases the reservation at Vipps", async () => {
      const { store, order, reference } = await paidOrder()
      await api.post(`/admin/orders/${order.id}/cancel`, {}, store.admin)
      const vipps = await sandbox().payment(reference)
      expect(vipps.aggregate.cancelledAmount.value).toBe(10000)
      expect(vipps.aggregate.capturedAmount.value).toBe(0)
    })

    it("a capture that fails twice with 500 is retried with the same key: exactly one capture at Vipps", async () => {
      const { store, payment, reference } = await paidOrder()
      await sandbox().fault({ method: "POST", pathContains: `/payments/${reference}/capture`, count: 2, kind: "error", status: 500 })

      await capture(store, payment.id, 40)

      const vipps = await sandbox().payment(reference)
      expect(vipps.aggregate.capturedAmount.value).toBe(4000)
      expect(vipps.events.filter((e) => e.name === "CAPTURED" && e.success)).toHaveLength(1)
      const attempts = await sandbox().requests({ method: "POST", pathContains: `/payments/${reference}/capture` })
      expect(attempts.map((a) => a.status)).toEqual([500, 500, 200])
      expect(new Set(attempts.map((a) => a.headers["idempotency-key"])).size).toBe(1)
      expect(new Set(attempts.map((a) => JSON.stringify(a.body))).size).toBe(1)
    })

    it("a capture whose answer is lost (timeout after Vipps applied it) is not captured twice", async () => {
      const { store, payment, reference } = await paidOrder()
      await sandbox().fault({ method: "POST", pathContains: `/payments/${reference}/capture`, count: 1, kind: "timeout", delayMs: 5000, apply: true })

      await capture(store, payment.id, 30)

      const vipps = await sandbox().payment(reference)
      expect(vipps.aggregate.capturedAmount.value).toBe(3000)
      expect(vipps.events.filter((e) => e.name === "CAPTURED" && e.success)).toHaveLength(1)
    })

    it("one access token serves every call, and every call carries the Vipps system headers", async () => {
      const first = await paidOrder()
      const { store, payment, reference } = await paidOrder(first.store)
      await capture(store, payment.id, 10)
      await refund(store, payment.id, 10)

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
