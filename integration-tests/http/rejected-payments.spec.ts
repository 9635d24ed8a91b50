import { Modules } from "@medusajs/framework/utils"
import { VIPPS_MODULE } from "../../src/modules/vipps"
import { reconcileVippsPayments } from "../../src/reconciliation"
import { Store, completeCart, createCart, createProduct, createStoreWithWebhooks, startVippsPayment } from "../helpers/store"
import { eventually, vippsIntegrationSuite } from "../helpers/sandbox"

/**
 * A rejected or expired payment reads the same to the storefront whichever arrives first: the
 * webhook, the reconciliation job or the shopper completing the cart. Always a 200
 * `{ type: "cart", error: { type: "payment_authorization_error", message } }` with the plain
 * sentence, never Medusa's bare 400 "Payment sessions are required to complete cart".
 */
vippsIntegrationSuite(({ api, getContainer, sandbox }) => {
  const MESSAGES = {
    reject: "The payment was cancelled in Vipps MobilePay. Nothing was charged. Choose Vipps MobilePay again to start a new payment.",
    expire: "The payment was not approved in time and has expired. Nothing was charged. Choose Vipps MobilePay again to start a new payment.",
  } as const

  const storeWithWebhooks = () => createStoreWithWebhooks(api, getContainer())

  async function cartWithSession(store: Store, price: number) {
    const [variantId] = await createProduct(api, store, "Vott", [price])
    const cart = await createCart(api, store, [{ variantId, quantity: 1 }])
    const { session } = await startVippsPayment(api, store, cart.id)
    return { cart, session, reference: session.data.reference as string }
  }

  const sessionOf = (id: string) => getContainer().resolve(Modules.PAYMENT).retrievePaymentSession(id)
  const storedEvents = async (reference: string) =>
    (await (getContainer().resolve(VIPPS_MODULE) as any).listVippsWebhookEvents({ reference })) as { name: string; status: string }[]

  /** What the storefront gets from completing the cart: the plain sentence, status 200. */
  async function expectPlainMessageOnComplete(store: Store, cartId: string, message: string) {
    const response = await api.post(`/store/carts/${cartId}/complete`, {}, { ...store.storeHeaders, validateStatus: () => true })
    expect({ status: response.status, type: response.data.type, error: response.data.error }).toEqual({
      status: 200,
      type: "cart",
      error: { message, name: "Error", type: "payment_authorization_error" },
    })
    expect(response.data.cart.id).toBe(cartId)
  }

  /** The return page (`GET /store/vipps/payments/:reference`) says the same. */
  async function expectReturnPageSays(store: Store, session: { data: Record<string, unknown> }, message: string) {
    const { data } = await api.get(
      `/store/vipps/payments/${session.data.reference}?token=${session.data.return_token}`,
      store.storeHeaders
    )
    expect(data).toMatchObject({ status: "failed", message, order_id: null })
  }

  async function expectNewSessionPays(store: Store, cartId: string) {
    const next = await startVippsPayment(api, store, cartId)
    await sandbox().act(next.session.data.reference, "approve")
    expect((await completeCart(api, store, cartId)).type).toBe("order")
  }

  let store_: Store

  describe("rejected and expired payments give the plain message on complete, whichever arrives first", () => {
    beforeEach(async () => {
      await sandbox().webhookMode("deliver")
      store_ = await storeWithWebhooks()
    })

    it.each(["reject", "expire"] as const)("shopper %ss, the webhook arrives first, then the shopper completes the cart", async (action) => {
      const { cart, session, reference } = await cartWithSession(store_, 210)
      await sandbox().act(reference, action)
      const ended = action === "reject" ? "ABORTED" : "EXPIRED"
      await eventually(async () => (await storedEvents(reference)).some((e) => e.name === ended && e.status === "processed"))
      expect((await storedEvents(reference)).map((e) => e.name)).toEqual([ended]) // CREATED is not subscribed
      expect((await sessionOf(session.id)).data).toMatchObject({ state: ended, failure_message: MESSAGES[action] })

      await expectPlainMessageOnComplete(store_, cart.id, MESSAGES[action])
      await expectPlainMessageOnComplete(store_, cart.id, MESSAGES[action]) // asking again changes nothing
      expect((await sessionOf(session.id)).status).toBe("requires_more")
      await expectReturnPageSays(store_, session, MESSAGES[action])
      await expectNewSessionPays(store_, cart.id)
    })

    it.each(["reject", "expire"] as const)("shopper %ss and completes the cart before the webhook arrives, then again after it", async (action) => {
      await sandbox().webhookMode("delay", 2500)
      const { cart, session, reference } = await cartWithSession(store_, 220)
      await sandbox().act(reference, action)
      expect(await storedEvents(reference)).toHaveLength(0) // the shopper is first

      await expectPlainMessageOnComplete(store_, cart.id, MESSAGES[action])
      await eventually(async () => (await storedEvents(reference)).some((e) => e.status === "processed"))
      await expectPlainMessageOnComplete(store_, cart.id, MESSAGES[action])
      expect((await sessionOf(session.id)).status).toBe("requires_more")
      await expectReturnPageSays(store_, session, MESSAGES[action])
      await expectNewSessionPays(store_, cart.id)
    })

    it.each(["reject", "expire"] as const)("shopper %ss, every webhook is lost, the reconciliation job marks the session first", async (action) => {
      await sandbox().webhookMode("drop")
      const { cart, session, reference } = await cartWithSession(store_, 230)
      await sandbox().act(reference, action)

      const first = await reconcileVippsPayments(getContainer())
      expect(first.failed).toBeGreaterThanOrEqual(1)
      expect((await sessionOf(session.id)).data.failure_message).toBe(MESSAGES[action])
      await expectPlainMessageOnComplete(store_, cart.id, MESSAGES[action])
      // An ended payment is final: the next run does not read it at Vipps again.
      const reads = async () => (await sandbox().requests({ method: "GET", pathContains: reference })).length
      const before = await reads()
      await reconcileVippsPayments(getContainer())
      expect(await reads()).toBe(before)
      await expectNewSessionPays(store_, cart.id)
    })
  })
})
