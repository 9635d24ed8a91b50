import { Modules } from "@medusajs/framework/utils"
import { reconcileVippsPayments } from "../../src/reconciliation"
import { MARKETS, createCart, createProduct, createStore, startVippsPayment } from "../helpers/store"
import { vippsIntegrationSuite } from "../helpers/sandbox"

vippsIntegrationSuite(({ api, getContainer, sandbox }) => {
  describe("the reconciliation job and pending sessions it cannot read", () => {
    it("a pending session whose Vipps read keeps failing backs off instead of being read on every run, and is read again once it is due", async () => {
      const store = await createStore(api, getContainer(), MARKETS.NOK)
      const [variantId] = await createProduct(api, store, "Kaffe", [100])
      const cart = await createCart(api, store, [{ variantId, quantity: 1 }])
      const { session } = await startVippsPayment(api, store, cart.id)
      const reference = session.data.reference as string
      const reads = async () => (await sandbox().requests({ method: "GET", pathContains: `/epayment/v1/payments/${reference}` })).length

      // Vipps answers 500 to every read of this payment (the client retries, then gives up).
      await sandbox().fault({ method: "GET", pathContains: `/epayment/v1/payments/${reference}`, count: 1000, kind: "error", status: 500 })
      await reconcileVippsPayments(getContainer())
      const afterFirstRun = await reads()
      expect(afterFirstRun).toBeGreaterThan(0)
      const paymentModule = getContainer().resolve(Modules.PAYMENT)
      const backedOff = await paymentModule.retrievePaymentSession(session.id)
      expect(backedOff.status).toBe("pending")
      expect(backedOff.data).toEqual(expect.objectContaining({ reference, reconcile_failures: 1, reconcile_retry_at: expect.any(String) }))
      expect(new Date(backedOff.data!.reconcile_retry_at as string).getTime()).toBeGreaterThan(Date.now() + 50_000)

      // The next run leaves it alone: no read at Vipps, no second failure counted.
      await reconcileVippsPayments(getContainer())
      expect(await reads()).toBe(afterFirstRun)
      expect((await paymentModule.retrievePaymentSession(session.id)).data).toEqual(expect.objectContaining({ reconcile_failures: 1 }))

      // Once due and Vipps answers again, it is read and the back-off is forgotten.
      await sandbox().clearFaults()
      await paymentModule.updatePaymentSession({
        id: session.id,
        amount: backedOff.amount as any,
        currency_code: backedOff.currency_code,
        data: { ...backedOff.data, reconcile_retry_at: new Date(Date.now() - 1000).toISOString() },
      })
      await reconcileVippsPayments(getContainer())
      expect(await reads()).toBeGreaterThan(afterFirstRun)
      const read = (await paymentModule.retrievePaymentSession(session.id)).data!
      expect([read.reconcile_failures ?? null, read.reconcile_retry_at ?? null, read.reference]).toEqual([null, null, reference])
    })
  })
})
