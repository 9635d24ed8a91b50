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
  // The store sells in NOK: the shopper reads Norwegian (the market's language) about the Vipps app.
  const MESSAGES = {
    reject: "Betalingen ble avbrutt i Vipps. Du har ikke blitt belastet. Velg Vipps på nytt for å starte en ny betaling.",
    expire: "Betalingen ble ikke godkjent i tide og er utløpt. Du har ikke blitt belastet. Velg Vipps på nytt for å starte en ny betaling.",
  } as const
  const CODES = { reject: "vipps_payment_aborted", expire: "vipps_payment_expired" } as const
  const codeOf = (message: string) => (Object.entries(MESSAGES).find(([, m]) => m === message)?.[0] as keyof typeof CODES | undefined)

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

  /** What the storefront gets from completing the cart: the plain sentence and its stable code, status 200. */
  async function expectPlainMessageOnComplete(store: Store, cartId: string, message: string, code = CODES[codeOf(message)!]) {
    const response = await api.post(`/store/carts/${cartId}/complete`, {}, { ...store.storeHeaders, validateStatus: () => true })
    expect({ status: response.status, type: response.data.type, error: response.data.error }).toEqual({
      status: 200,
      type: "cart",
      error: { message, name: "Error", type: "payment_authorization_error", code },
    })
    expect(response.data.cart.id).toBe(cartId)
  }

  /** The return page (`GET /store/vipps/payments/:reference`) says the same, with the code; `?lang=` another language. */
  async function expectReturnPageSays(store: Store, session: { data: Record<string, unknown> }, message: string) {
    const url = `/store/vipps/payments/${session.data.reference}?token=${session.data.return_token}`
    const { data } = await api.get(url, store.storeHeaders)
    const code = CODES[codeOf(message)!]
    expect(data).toMatchObject({ status: "failed", message, code, order_id: null, currency: "NOK", language: "nb" })
    const english = await api.get(`${url}&lang=en`, store.storeHeaders)
    expect(english.data).toMatchObject({ status: "failed", code, language: "en", message: expect.stringMatching(/^The payment was (cancelled in Vipps|not approved in time)\b.*Nothing was charged\. Choose Vipps again/) })
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

  describe("the shopper's language: the cart's locale, or what the storefront asks for", () => {
    beforeEach(async () => {
      await sandbox().webhookMode("deliver")
      store_ = await storeWithWebhooks()
    })

    it("a cart with locale da-DK in the Norwegian store: Danish sentences about the Vipps app, from every path", async () => {
      const [variantId] = await createProduct(api, store_, "Hue", [240])
      const cart = await createCart(api, store_, [{ variantId, quantity: 1 }])
      await api.post(`/store/carts/${cart.id}`, { locale: "da-DK" }, store_.storeHeaders)
      const { session } = await startVippsPayment(api, store_, cart.id) // no data.language: the cart's locale applies
      expect(session.data.language).toBe("da")
      await sandbox().act(session.data.reference, "reject")
      const danish = "Betalingen blev annulleret i Vipps. Der er ikke trukket penge. Vælg Vipps igen for at starte en ny betaling."
      await expectPlainMessageOnComplete(store_, cart.id, danish, "vipps_payment_aborted")
      await eventually(async () => (await sessionOf(session.id)).data.failure_code === "vipps_payment_aborted")
      expect((await sessionOf(session.id)).data.failure_message).toBe(danish)
      const { data } = await api.get(`/store/vipps/payments/${session.data.reference}?token=${session.data.return_token}&lang=sv`, store_.storeHeaders)
      expect(data).toMatchObject({ status: "failed", code: "vipps_payment_aborted", message: "Betalningen avbröts i Vipps. Inga pengar har dragits. Välj Vipps igen för att starta en ny betalning." })
    })

    it("a link that matches no payment: 404 with its code, in the language asked for", async () => {
      const response = await api.get(`/store/vipps/payments/nope-01ABCDEFGHJKMNPQRSTVWXYZ0?token=x&lang=fi`, { ...store_.storeHeaders, validateStatus: () => true })
      expect(response.status).toBe(404)
      expect(response.data).toMatchObject({ code: "vipps_payment_link_unknown", message: "Tähän linkkiin liittyvää Vipps-maksua ei löytynyt." })
    })
  })
})
