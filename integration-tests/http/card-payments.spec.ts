// Freestanding card payments (issue 22, item 5) in a real Medusa store with two registrations
// of the NOK sales unit: "vipps" (the app) and "vipps-card" (paymentMethod "card", VIPPS_CARD=on
// in medusa-config.ts), both enabled on the region. The shopper pays on the sandbox's card form
// with its test cards; everything after authorization works as for the app.
import type { AxiosInstance } from "axios"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { reconcileVippsPayments } from "../../src/reconciliation"
import { VIPPS_MODULE } from "../../src/modules/vipps"
import { SHOPPER_TEXTS } from "../../src/shopper-texts"
import { eventually, vippsIntegrationSuite, type SandboxControl } from "../helpers/sandbox"
import { completeCart, createCart, createProduct, createStore, listOrders, startVippsPayment, type Market, type Store } from "../helpers/store"
import { capturesAtVipps, fulfil, getOrderDetails, medusaPayment } from "../helpers/fulfillment"

const CARD_MARKET: Market = { currency: "nok", country: "no", providerId: "pp_vipps_vipps-card" }
const CARDS = { approve: "4925 0000 0000 0004", decline: "4000 0000 0000 0002", threeDSecure: "5200 8282 8282 8210" }

/** What the shopper does on Vipps MobilePay's card form: number, expiry, CVC, Pay. Returns the answer (303 back to the shop, or the next page). */
async function payOnCardForm(sandbox: SandboxControl, redirectUrl: string, card: string) {
  const page = await sandbox.http.get(redirectUrl)
  expect(page.status).toBe(200)
  expect(page.data).toContain('id="card-form"') // the card form, not the app screen
  const token = new URL(redirectUrl).searchParams.get("token")!
  return sandbox.http.post("/landing/card", new URLSearchParams({ token, number: card, expiry: "12/39", cvc: "123" }).toString(), {
    headers: { "content-type": "application/x-www-form-urlencoded" },
  })
}

async function answerThreeDSecure(sandbox: SandboxControl, redirectUrl: string, result: "approve" | "fail") {
  const token = new URL(redirectUrl).searchParams.get("token")!
  return sandbox.http.post("/landing/card/3ds", new URLSearchParams({ token, result }).toString(), {
    headers: { "content-type": "application/x-www-form-urlencoded" },
  })
}

vippsIntegrationSuite(({ api, getContainer, sandbox }) => {
  /** A NOK store whose region offers both the app (pp_vipps_vipps) and Card (pp_vipps_vipps-card). */
  async function cardStore(): Promise<Store> {
    const store = await createStore(api, getContainer(), CARD_MARKET)
    await api.post(`/admin/regions/${store.regionId}`, { payment_providers: ["pp_vipps_vipps", "pp_vipps_vipps-card"] }, store.admin)
    return store
  }

  async function cardCheckout(store: Store, price: number, quantity = 1) {
    const [variantId] = await createProduct(api, store, "Ullsokker", [price])
    const cart = await createCart(api, store, [{ variantId, quantity }])
    const { session } = await startVippsPayment(api, store, cart.id)
    return { cart, session, reference: session.data.reference as string, redirectUrl: session.data.redirect_url as string }
  }

  const storedEvents = async (reference: string) =>
    (await (getContainer().resolve(VIPPS_MODULE) as any).listVippsWebhookEvents({ reference })) as { name: string; status: string; provider_id: string }[]

  const adminView = async (store: Store, paymentId: string) => (await api.get(`/admin/vipps/payments/${paymentId}`, store.admin)).data.payment

  it("the region offers the app and Card as two providers; a card checkout creates a CARD payment (web redirect) at Vipps", async () => {
    const store = await cardStore()
    const { data } = await api.get(`/store/payment-providers?region_id=${store.regionId}`, store.storeHeaders)
    expect(data.payment_providers.map((p: { id: string }) => p.id).sort()).toEqual(["pp_vipps_vipps", "pp_vipps_vipps-card"])
    const { session, reference } = await cardCheckout(store, 100)
    expect(session.data).toMatchObject({ payment_method: "CARD", user_flow: "WEB_REDIRECT", msn: "100001" })
    const created = (await sandbox().requests({ method: "POST", pathContains: "/epayment/v1/payments" })).find((r) => r.body?.reference === reference)!
    expect(created.body).toMatchObject({ paymentMethod: { type: "CARD" }, userFlow: "WEB_REDIRECT" })
    expect(created.body.returnUrl).toContain(`reference=${reference}`)
  })

  it("card approved → order by webhook → capture on fulfilment of the exact total → partial refund; the admin card shows Card and the BIN", async () => {
    const store = await cardStore()
    const registered = await api.post("/admin/vipps/webhooks", { provider_id: "vipps-card", url: `${api.defaults.baseURL}/hooks/vipps/vipps-card` }, store.admin)
    expect(registered.data.webhook.status).toBe("registered")
    const { reference, redirectUrl } = await cardCheckout(store, 249.5, 2)

    const paid = await payOnCardForm(sandbox(), redirectUrl, CARDS.approve)
    expect(paid.status).toBe(303)
    expect(paid.headers.location).toContain(`reference=${reference}`)
    // The shopper never comes back: the AUTHORIZED webhook places the order.
    await eventually(async () => (await storedEvents(reference)).some((e) => e.name === "AUTHORIZED" && e.status === "processed" && e.provider_id === "pp_vipps_vipps-card"))
    const [order] = await eventually(async () => {
      const orders = await listOrders(api, store)
      return orders.length ? orders : undefined
    })
    expect(order.total).toBe(499)
    const details = await getOrderDetails(api, store, order.id)
    const paymentId = details.payment_collections[0].payments[0].id
    expect(details.payment_collections[0].payments[0].provider_id).toBe("pp_vipps_vipps-card")
    const payment = await medusaPayment(api, store, paymentId)
    expect(payment.data).toMatchObject({ payment_method: "CARD", card_bin: "492500" })

    await fulfil(api, store, order.id, details.items.map((i: { id: string; quantity: number }) => ({ id: i.id, quantity: i.quantity })))
    expect(await eventually(async () => {
      const captures = await capturesAtVipps(sandbox(), reference)
      return captures.length ? captures : undefined
    })).toEqual([49900])
    expect((await medusaPayment(api, store, paymentId)).capturedMinor).toBe(49900)

    await api.post(`/admin/payments/${paymentId}/refund`, { amount: 100.25 }, store.admin)
    expect((await sandbox().payment(reference)).aggregate).toMatchObject({ capturedAmount: { value: 49900 }, refundedAmount: { value: 10025 } })

    const view = await adminView(store, paymentId)
    expect(view).toMatchObject({ payment_method: "CARD", card_bin: "492500", provider_id: "pp_vipps_vipps-card", provider_name: "Vipps MobilePay Card (NOK)", status: "partially_refunded" })
    expect(view.amounts).toMatchObject({ captured: "499.00", refunded: "100.25" })
  })

  it("card approved while every webhook is lost: one run of the reconciliation job places the order", async () => {
    const store = await cardStore()
    await sandbox().webhookMode("drop")
    try {
      const { reference, redirectUrl } = await cardCheckout(store, 170)
      expect((await payOnCardForm(sandbox(), redirectUrl, CARDS.approve)).status).toBe(303)
      expect(await storedEvents(reference)).toHaveLength(0)
      expect(await listOrders(api, store)).toHaveLength(0)
      await reconcileVippsPayments(getContainer())
      const orders = await listOrders(api, store)
      expect(orders.map((o) => o.total)).toEqual([170])
    } finally {
      await sandbox().webhookMode("deliver")
    }
  })

  it("a declined card ends the payment ABORTED: the cart does not complete, the shopper reads the card sentence, nothing is reserved", async () => {
    const store = await cardStore()
    const { cart, session, reference, redirectUrl } = await cardCheckout(store, 120)
    expect((await payOnCardForm(sandbox(), redirectUrl, CARDS.decline)).status).toBe(303)
    const vipps = await sandbox().payment(reference)
    expect(vipps.state).toBe("ABORTED")
    expect(vipps.aggregate.authorizedAmount.value).toBe(0)
    // The return page says what happened with the card (not "cancelled in Vipps").
    const { data: status } = await api.get(`/store/vipps/payments/${reference}?token=${session.data.return_token}`, store.storeHeaders)
    expect(status).toMatchObject({ status: "failed", state: "ABORTED", code: "vipps_card_aborted", message: SHOPPER_TEXTS.nb.vipps_card_aborted })
    const result = await completeCart(api, store, cart.id)
    expect(result.type).toBe("cart")
    if (result.type !== "cart") return
    expect(result.error.message).toBe(SHOPPER_TEXTS.nb.vipps_card_aborted)
    expect(await listOrders(api, store)).toHaveLength(0)
  })

  it("a card that asks for 3-D Secure: confirmed on the second page, the cart completes with that card's BIN", async () => {
    const store = await cardStore()
    const { cart, reference, redirectUrl } = await cardCheckout(store, 80)
    const step = await payOnCardForm(sandbox(), redirectUrl, CARDS.threeDSecure)
    expect(step.status).toBe(200)
    expect(step.data).toContain('id="three-d-secure"')
    expect((await sandbox().payment(reference)).state).toBe("CREATED")
    expect((await answerThreeDSecure(sandbox(), redirectUrl, "approve")).status).toBe(303)
    const result = await completeCart(api, store, cart.id)
    expect(result.type).toBe("order")
    if (result.type !== "order") return
    const paymentId = (await getOrderDetails(api, store, result.order.id)).payment_collections[0].payments[0].id
    expect((await medusaPayment(api, store, paymentId)).data).toMatchObject({ payment_method: "CARD", card_bin: "520082" })
  })

  it("a card order cancelled before fulfilment releases the whole reservation at Vipps", async () => {
    const store = await cardStore()
    const { cart, reference, redirectUrl } = await cardCheckout(store, 60)
    expect((await payOnCardForm(sandbox(), redirectUrl, CARDS.approve)).status).toBe(303)
    const result = await completeCart(api, store, cart.id)
    if (result.type !== "order") throw new Error(`no order: ${result.error.message}`)
    await api.post(`/admin/orders/${result.order.id}/cancel`, {}, store.admin)
    const vipps = await eventually(async () => {
      const p = await sandbox().payment(reference)
      return p.aggregate.cancelledAmount.value ? p : undefined
    })
    expect(vipps.aggregate).toMatchObject({ authorizedAmount: { value: 6000 }, cancelledAmount: { value: 6000 }, capturedAmount: { value: 0 } })
  })

  it("3-D Secure failed: the payment ends ABORTED and the cart does not complete", async () => {
    const store = await cardStore()
    const { cart, reference, redirectUrl } = await cardCheckout(store, 90)
    await payOnCardForm(sandbox(), redirectUrl, CARDS.threeDSecure)
    expect((await answerThreeDSecure(sandbox(), redirectUrl, "fail")).status).toBe(303)
    expect((await sandbox().payment(reference)).state).toBe("ABORTED")
    expect((await completeCart(api, store, cart.id)).type).toBe("cart")
  })

  it("card permission off for the sales unit: the shopper gets the plain card sentence, the log says how to get card payments enabled; the app still works", async () => {
    const store = await cardStore()
    const logger = getContainer().resolve(ContainerRegistrationKeys.LOGGER)
    const errors = jest.spyOn(logger, "error")
    await sandbox().http.post("/_sandbox/merchants/100001/card-payments", { allowed: false })
    try {
      const [variantId] = await createProduct(api, store, "Lue", [150])
      const cart = await createCart(api, store, [{ variantId, quantity: 1 }])
      const { data: { payment_collection } } = await api.post("/store/payment-collections", { cart_id: cart.id }, store.storeHeaders)
      const sessions = `/store/payment-collections/${payment_collection.id}/payment-sessions`
      const refused = await (api as AxiosInstance).post(sessions, { provider_id: "pp_vipps_vipps-card", data: { language: "en" } }, store.storeHeaders).catch((e) => e.response)
      expect(refused.status).toBe(400)
      expect(refused.data.message).toBe(SHOPPER_TEXTS.en.vipps_card_unavailable)
      const said = errors.mock.calls.map((c) => String(c[0])).filter((line) => line.includes("Card payments are not enabled"))
      expect(said).toHaveLength(1)
      expect(said[0]).toMatch(/sales unit 100001 \(provider pp_vipps_vipps-card\)\. Ask Vipps MobilePay to enable card payments .* MSN 100001 .*\(Vipps 403 5070, trace /)
      // Logged once: the HTTP client leaves this refusal to the provider (no second, generic line).
      expect(errors.mock.calls.map((c) => String(c[0])).filter((line) => line.includes("5070"))).toHaveLength(1)

      const wallet = await api.post(sessions, { provider_id: "pp_vipps_vipps" }, store.storeHeaders)
      const walletSession = wallet.data.payment_collection.payment_sessions.find((s: { provider_id: string }) => s.provider_id === "pp_vipps_vipps")
      expect(walletSession.data.payment_method).toBe("WALLET")
    } finally {
      errors.mockRestore()
      await sandbox().http.post("/_sandbox/merchants/100001/card-payments", { allowed: true })
    }
  })

  it("the go-live check of the card entry pays with the app through the same sales unit (Vipps's test environment has no cards), and its three payments end as they should", async () => {
    const store = await cardStore()
    const res = await api.post("/admin/vipps/go-live", { provider_id: "vipps-card", phone: "+47 912 34 567" }, store.admin)
    expect(res.status).toBe(200)
    const report = res.data.report
    const payments = report.items.filter((i: { id: string }) => i.id.startsWith("payment_"))
    expect(payments.map((i: { id: string; status: string }) => `${i.id} ${i.status}`)).toEqual(["payment_captured pass", "payment_refunded pass", "payment_cancelled pass"])
    for (const { reference } of report.references) expect((await sandbox().payment(reference)).paymentMethod.type).toBe("WALLET")
  })
}, { VIPPS_CARD: "on" })
