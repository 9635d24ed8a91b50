import { MARKETS, completeCart, createCart, createProduct, createStore, startVippsPayment } from "../helpers/store"
import { eventually, vippsIntegrationSuite } from "../helpers/sandbox"
import { resolveVippsProvider } from "../../src/sales-units"

vippsIntegrationSuite(({ api, getContainer, sandbox }) => {
  describe("Vipps MobilePay checkout", () => {
    it("NOK: the shopper approves on the landing page and the cart completes to an order", async () => {
      const store = await createStore(api, getContainer(), MARKETS.NOK)
      const [variantId] = await createProduct(api, store, "Ullgenser", [499.9])
      const cart = await createCart(api, store, [{ variantId, quantity: 2 }])
      expect(cart.total).toBe(999.8)

      const { session } = await startVippsPayment(api, store, cart.id)
      expect(session.status).toBe("pending")
      expect(session.data.reference).toMatch(/^demo-[A-Za-z0-9-]+$/)
      expect(session.data.reference.length).toBeLessThanOrEqual(50)
      expect(session.data.redirect_url).toContain("/landing?token=")
      // The storefront can read session data: no credentials in it.
      const visible = JSON.stringify(session.data)
      expect(visible).not.toContain("sandbox-nok-secret")
      expect(visible).not.toContain("sandbox-nok-key")

      const created = await sandbox().payment(session.data.reference)
      expect(created.amount).toEqual({ value: 99980, currency: "NOK" })
      expect(created.state).toBe("CREATED")

      const returnTo = await sandbox().approveOnLandingPage(session.data.redirect_url)
      expect(returnTo).toContain(`reference=${session.data.reference}`)

      const result = await completeCart(api, store, cart.id)
      expect(result.type).toBe("order")
      if (result.type !== "order") return
      expect(result.order.total).toBe(999.8)

      const paid = await sandbox().payment(session.data.reference)
      expect(paid.state).toBe("AUTHORIZED")
      expect(paid.aggregate.authorizedAmount.value).toBe(99980)
      expect(paid.aggregate.capturedAmount.value).toBe(0)

      // The order's receipt reaches Vipps (Order Management API), read back over HTTP.
      const provider = resolveVippsProvider(getContainer(), "vipps")!
      const { receipt } = await eventually(async () => {
        const order = await provider.client.orderManagement.getOrder(session.data.reference)
        return order.receipt ? (order as { receipt: any }) : undefined
      })
      expect(receipt.bottomLine).toMatchObject({ currency: "NOK", receiptNumber: String(result.order.display_id) })
      const lines = receipt.orderLines as { totalAmount: number; isShipping?: boolean; unitInfo?: { quantity: string } }[]
      expect(lines.reduce((sum, l) => sum + l.totalAmount, 0)).toBe(99980)
      expect(lines.find((l) => !l.isShipping)).toMatchObject({ totalAmount: 99980, unitInfo: { unitPrice: 49990, quantity: "2" } })
    })

    it.each([
      ["DKK", MARKETS.DKK, 149.95, "200001", 14995],
      ["EUR", MARKETS.EUR, 12.34, "300001", 1234],
    ] as const)("%s merchant: its own provider, sales unit and currency; exact minor units", async (_name, market, price, msn, minor) => {
      const store = await createStore(api, getContainer(), market)
      const [variantId] = await createProduct(api, store, "Tørklæde", [price])
      const cart = await createCart(api, store, [{ variantId, quantity: 1 }])
      const { session } = await startVippsPayment(api, store, cart.id)
      expect(session.provider_id).toBe(market.providerId)

      const payment = await sandbox().payment(session.data.reference)
      expect(payment.amount).toEqual({ value: minor, currency: market.currency.toUpperCase() })
      const [create] = (await sandbox().requests({ method: "POST", pathContains: "/epayment/v1/payments" })).filter(
        (r) => r.body?.reference === session.data.reference
      )
      expect(create.headers["merchant-serial-number"]).toBe(msn)

      await sandbox().act(session.data.reference, "approve")
      const result = await completeCart(api, store, cart.id)
      expect(result.type).toBe("order")
    })

    it.each([
      // A NOK store: Norwegian, the market's language, about the Vipps app.
      ["reject", "ABORTED", /^Betalingen ble avbrutt i Vipps\. Du har ikke blitt belastet\./],
      ["expire", "EXPIRED", /^Betalingen ble ikke godkjent i tide og er utløpt\./],
    ] as const)("shopper %ss: the cart cannot complete, the error says why, and a new session lets the shopper pay", async (action, state, message) => {
      const store = await createStore(api, getContainer(), MARKETS.NOK)
      const [variantId] = await createProduct(api, store, "Lue", [250])
      const cart = await createCart(api, store, [{ variantId, quantity: 1 }])

      const first = await startVippsPayment(api, store, cart.id)
      await sandbox().act(first.session.data.reference, action)
      expect((await sandbox().payment(first.session.data.reference)).state).toBe(state)

      const failed = await completeCart(api, store, cart.id)
      expect(failed.type).toBe("cart")
      if (failed.type === "cart") expect(failed.error).toMatchObject({ message: expect.stringMatching(message), code: action === "reject" ? "vipps_payment_aborted" : "vipps_payment_expired" })

      const second = await startVippsPayment(api, store, cart.id)
      expect(second.session.data.reference).not.toBe(first.session.data.reference)
      await sandbox().act(second.session.data.reference, "approve")
      const result = await completeCart(api, store, cart.id)
      expect(result.type).toBe("order")
    })

    it("refuses amounts Vipps cannot take, with a clear error and no call to Vipps", async () => {
      const store = await createStore(api, getContainer(), MARKETS.NOK)
      const [variantId] = await createProduct(api, store, "Klistremerke", [0.5])
      const cart = await createCart(api, store, [{ variantId, quantity: 1 }])
      const before = (await sandbox().requests({ method: "POST", pathContains: "/epayment/v1/payments" })).length

      const { data: { payment_collection } } = await api.post("/store/payment-collections", { cart_id: cart.id }, store.storeHeaders)
      const error = await api
        .post(`/store/payment-collections/${payment_collection.id}/payment-sessions`, { provider_id: "pp_vipps_vipps" }, store.storeHeaders)
        .catch((e) => e.response)
      expect(error.status).toBe(400)
      expect(error.data.message).toMatch(/smallest NOK amount .* 1\.00/)

      const after = (await sandbox().requests({ method: "POST", pathContains: "/epayment/v1/payments" })).length
      expect(after).toBe(before)
    })
  })
})
