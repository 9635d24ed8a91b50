import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import axios from "axios"
import { EPAYMENT_WEBHOOK_EVENTS, SUBSCRIBED_WEBHOOK_EVENTS, computeWebhookSignature } from "../../src/vipps"
import { resolveVippsProvider } from "../../src/sales-units"
import { VIPPS_MODULE, WebhookInbox } from "../../src/modules/vipps"
import { reconcileVippsPayments } from "../../src/reconciliation"
import {
  Store,
  completeCart,
  createCart,
  createProduct,
  createStockedProduct,
  createStoreWithWebhooks,
  listOrders,
  startVippsPayment,
} from "../helpers/store"
import { createStoreWithEarlierWebhooks } from "../helpers/earlier-webhooks"
import { eventually, vippsIntegrationSuite } from "../helpers/sandbox"

vippsIntegrationSuite(({ api, getContainer, sandbox }) => {
  const hookUrl = () => `${api.defaults.baseURL}/hooks/vipps/vipps`

  const storeWithWebhooks = () => createStoreWithWebhooks(api, getContainer())

  async function cartWithSession(store: Store, price = 100) {
    const [variantId] = await createProduct(api, store, "Kaffe", [price])
    const cart = await createCart(api, store, [{ variantId, quantity: 1 }])
    const { session } = await startVippsPayment(api, store, cart.id)
    return { cart, session, reference: session.data.reference as string }
  }

  /** A cart paid and completed by the storefront while the sandbox drops webhooks: its reference. */
  async function orderPaidWithWebhooksDropped(store: Store, price: number) {
    await sandbox().webhookMode("drop")
    const { cart, reference } = await cartWithSession(store, price)
    await sandbox().act(reference, "approve")
    expect((await completeCart(api, store, cart.id)).type).toBe("order")
    return reference
  }

  const ordersFor = async (store: Store, cartTotal: number) =>
    (await listOrders(api, store)).filter((order) => order.total === cartTotal)

  async function storedEvents(reference: string) {
    const vipps = getContainer().resolve(VIPPS_MODULE) as any
    return (await vipps.listVippsWebhookEvents({ reference })) as { name: string; status: string }[]
  }

  /** Sends a webhook to the store as Vipps would, signed with `secret` over `body`. */
  async function deliver(body: string, secret: string, tamper?: (headers: Record<string, string>) => void) {
    const date = new Date().toUTCString()
    const signature = computeWebhookSignature({ secret, url: hookUrl(), date, rawBody: body })
    const headers: Record<string, string> = {
      "content-type": "application/json",
      "x-ms-date": date,
      "x-ms-content-sha256": signature.contentHash,
      authorization: signature.authorization,
    }
    tamper?.(headers)
    return axios.post(hookUrl(), body, { headers, validateStatus: () => true, transformRequest: [(data) => data] })
  }

  /** GET payment calls (not /events) the store made for this reference so far. */
  async function paymentReads(reference: string) {
    const calls = await sandbox().requests({ method: "GET", pathContains: `/epayment/v1/payments/${reference}` })
    return calls.filter((c) => !c.path.includes("/events")).length
  }

  /** What the sandbox sent for this payment: `event type:status` per attempt, in order. */
  async function deliveriesOf(reference: string) {
    return (await sandbox().deliveries()).filter((d) => d.reference === reference).map((d) => `${d.event}:${d.status}`)
  }

  const registrationCalls = async () => (await sandbox().requests({ method: "POST", pathContains: "/webhooks/v1/webhooks" })).length
  const sorted = (events: readonly string[]) => [...events].sort()
  const NEW_EVENTS = sorted(SUBSCRIBED_WEBHOOK_EVENTS)
  const CREATED_EVENT = "epayments.payment.created.v1"

  async function nokWebhookStatus(store: Store) {
    const { data } = await api.get("/admin/vipps/webhooks", store.admin)
    return data.webhooks.find((w: any) => w.provider_id === "pp_vipps_vipps")
  }

  async function registrationSecret() {
    const vipps = getContainer().resolve(VIPPS_MODULE) as any
    const [registration] = await vipps.listVippsWebhookRegistrations({ provider_id: "pp_vipps_vipps" })
    return registration.secret as string
  }

  describe("webhooks, reconciliation and the session-less return", () => {
    beforeEach(async () => {
      await sandbox().webhookMode("deliver")
    })

    it("registration: repeating it creates no duplicate, force replaces it, the secret is never returned, anonymous callers get 401", async () => {
      const store = await storeWithWebhooks()
      const again = await api.post("/admin/vipps/webhooks", { provider_id: "vipps", url: hookUrl() }, store.admin)
      expect(JSON.stringify(again.data)).not.toContain(await registrationSecret())
      const first = again.data.webhook.vipps_webhook_id

      const forced = await api.post("/admin/vipps/webhooks", { provider_id: "vipps", url: hookUrl(), force: true }, store.admin)
      expect(forced.data.webhook.vipps_webhook_id).not.toBe(first)

      const listed = await api.get("/admin/vipps/webhooks", store.admin)
      const nok = listed.data.webhooks.find((w: any) => w.provider_id === "pp_vipps_vipps")
      expect(nok.status).toBe("registered")
      expect(JSON.stringify(listed.data)).not.toContain(await registrationSecret())

      const registrationsAtVipps = (await sandbox().requests({ method: "POST", pathContains: "/webhooks/v1/webhooks" })).length
      expect(registrationsAtVipps).toBe(2) // the first call and the forced one; the repeat registered nothing
      const { data: atVipps } = await sandbox().http.get("/_sandbox/requests", { params: { method: "DELETE" } })
      expect(atVipps.requests.length).toBe(1) // the replaced registration was deleted

      const anonymous = await api.get("/admin/vipps/webhooks").catch((e) => e.response)
      expect(anonymous.status).toBe(401)
    })

    it("a new registration subscribes to the seven events that can change Medusa, not CREATED: creating a payment causes no delivery", async () => {
      const store = await storeWithWebhooks()
      const registrations = await sandbox().requests({ method: "POST", pathContains: "/webhooks/v1/webhooks" })
      const sent = registrations[registrations.length - 1].body.events as string[]
      expect(sorted(sent)).toEqual(NEW_EVENTS)
      expect(sent).toHaveLength(7)
      expect(sent).not.toContain(CREATED_EVENT)
      const status = await nokWebhookStatus(store)
      expect(status.status).toBe("registered")
      expect(sorted(status.events)).toEqual(NEW_EVENTS)

      const { reference } = await cartWithSession(store, 125)
      await sandbox().act(reference, "approve")
      await eventually(async () => (await storedEvents(reference)).some((e) => e.name === "AUTHORIZED" && e.status === "processed"))
      // One payment's deliveries go out in order: a CREATED delivery would have come before this one.
      expect(await deliveriesOf(reference)).toEqual(["epayments.payment.authorized.v1:200"])
      expect((await storedEvents(reference)).map((e) => e.name)).toEqual(["AUTHORIZED"])
    })

    it("a registration made with CREATED by an earlier version still verifies: its CREATED delivery is stored as processed and causes no Vipps read", async () => {
      const store = await createStoreWithEarlierWebhooks(api, getContainer())
      const status = await nokWebhookStatus(store)
      expect(status.status).toBe("registered") // not reported as wrong
      expect(sorted(status.events)).toEqual(sorted(EPAYMENT_WEBHOOK_EVENTS))

      // Delivered a moment late, so the reads of the checkout itself are counted before it.
      await sandbox().webhookMode("delay", 1500)
      const { reference } = await cartWithSession(store, 135)
      const readsBefore = await paymentReads(reference)
      const created = await eventually(async () => (await storedEvents(reference)).find((e) => e.name === "CREATED"))
      expect(created.status).toBe("processed")
      expect(await deliveriesOf(reference)).toEqual([`${CREATED_EVENT}:200`]) // verified: answered 200, not 401
      await new Promise((r) => setTimeout(r, 1000))
      expect(await paymentReads(reference)).toBe(readsBefore)
      expect((await storedEvents(reference)).map((e) => `${e.name}:${e.status}`)).toEqual(["CREATED:processed"])
    })

    it("a registration made with CREATED by an earlier version: registering again without force keeps it, force replaces it with the seven events", async () => {
      const store = await createStoreWithEarlierWebhooks(api, getContainer())
      const calls = await registrationCalls()
      const again = await api.post("/admin/vipps/webhooks", { provider_id: "vipps", url: hookUrl() }, store.admin)
      expect(again.data.webhook.status).toBe("registered")
      expect(sorted(again.data.webhook.events)).toEqual(sorted(EPAYMENT_WEBHOOK_EVENTS))
      expect(await registrationCalls()).toBe(calls) // nothing registered at Vipps

      const forced = await api.post("/admin/vipps/webhooks", { provider_id: "vipps", url: hookUrl(), force: true }, store.admin)
      expect(forced.data.webhook).toMatchObject({ status: "registered" })
      expect(forced.data.webhook.vipps_webhook_id).not.toBe(again.data.webhook.vipps_webhook_id)
      expect(sorted(forced.data.webhook.events)).toEqual(NEW_EVENTS)
      const atVipps = (await resolveVippsProvider(getContainer(), "vipps")!.client.webhooks.listWebhooks()).filter((w) => w.url === hookUrl())
      expect(atVipps.map((w) => [w.id, sorted(w.events)])).toEqual([[forced.data.webhook.vipps_webhook_id, NEW_EVENTS]]) // the earlier one is deleted

      const { reference } = await cartWithSession(store, 145)
      await sandbox().act(reference, "approve")
      await eventually(async () => (await storedEvents(reference)).some((e) => e.name === "AUTHORIZED" && e.status === "processed"))
      expect(await deliveriesOf(reference)).toEqual(["epayments.payment.authorized.v1:200"])
    })

    it("the shopper never returns: the authorized webhook alone places exactly one order", async () => {
      const store = await storeWithWebhooks()
      const { cart, reference } = await cartWithSession(store, 120)
      await sandbox().act(reference, "approve")

      const orders = await eventually(async () => {
        const found = await ordersFor(store, 120)
        return found.length ? found : undefined
      })
      expect(orders).toHaveLength(1)
      expect((await storedEvents(reference)).map((e) => e.name)).toContain("AUTHORIZED")

      // The storefront completing later gets the same order.
      const result = await completeCart(api, store, cart.id)
      expect(result.type).toBe("order")
      expect(await ordersFor(store, 120)).toHaveLength(1)
    })

    it("storefront completion racing the webhook: one order, one authorization", async () => {
      const store = await storeWithWebhooks()
      const { cart, reference } = await cartWithSession(store, 130)
      await sandbox().act(reference, "approve")
      const result = await completeCart(api, store, cart.id)
      expect(result.type).toBe("order")

      await eventually(async () => (await storedEvents(reference)).some((e) => e.status === "processed"))
      const orders = await ordersFor(store, 130)
      expect(orders).toHaveLength(1)
      expect(orders[0].payment_collections[0].payments).toHaveLength(1)
      const vipps = await sandbox().payment(reference)
      expect(vipps.events.filter((e) => e.name === "AUTHORIZED")).toHaveLength(1)
    })

    it("duplicate and reordered deliveries have one effect", async () => {
      const store = await storeWithWebhooks()
      await sandbox().webhookMode("drop")
      const { reference } = await cartWithSession(store, 140)
      await sandbox().act(reference, "approve")
      const secret = await registrationSecret()
      const event = (name: string, pspReference: string) =>
        JSON.stringify({
          msn: "100001",
          reference,
          pspReference,
          name,
          amount: { currency: "NOK", value: 14000 },
          timestamp: new Date().toISOString(),
          idempotencyKey: null,
          success: true,
        })

      // A CREATED event arriving after AUTHORIZED, and AUTHORIZED delivered three times.
      const answers = await Promise.all([
        deliver(event("AUTHORIZED", "psp-auth-1"), secret),
        deliver(event("AUTHORIZED", "psp-auth-1"), secret),
      ])
      expect(answers.map((a) => a.status)).toEqual([200, 200])
      const late = await deliver(event("CREATED", "psp-created-1"), secret)
      expect(late.status).toBe(200)
      const again = await deliver(event("AUTHORIZED", "psp-auth-1"), secret)
      expect(again.data.duplicate).toBe(true)

      await eventually(async () => (await ordersFor(store, 140)).length === 1)
      await eventually(async () => (await storedEvents(reference)).every((e) => e.status === "processed"))
      expect((await storedEvents(reference)).map((e) => e.name).sort()).toEqual(["AUTHORIZED", "CREATED"])
      expect(await ordersFor(store, 140)).toHaveLength(1)
    })

    it("a burst of 30 concurrent deliveries, each sent twice: stored together in shared statements, once per event, every first copy answered with its own row, all processed without a Vipps read", async () => {
      const store = await storeWithWebhooks()
      const reference = await orderPaidWithWebhooksDropped(store, 145)
      const readsBefore = await paymentReads(reference)
      const secret = await registrationSecret()
      const body = (i: number) =>
        JSON.stringify({ msn: "100001", reference, pspReference: `psp-burst-${i}`, name: "AUTHORIZED", amount: { currency: "NOK", value: 14500 }, timestamp: new Date().toISOString(), idempotencyKey: null, success: true })

      const answers = await Promise.all(Array.from({ length: 60 }, (_, n) => deliver(body(n % 30), secret)))
      expect(answers.map((a) => a.status)).toEqual(Array(60).fill(200))
      // Per event, exactly one of its two copies stored it; the other was told it is a duplicate.
      for (let i = 0; i < 30; i++) expect([answers[i].data.duplicate, answers[i + 30].data.duplicate].sort()).toEqual([false, true])

      const knex = getContainer().resolve(ContainerRegistrationKeys.PG_CONNECTION) as any
      const { rows } = await knex.raw(`select "psp_reference", "status", "created_at"::text as "created_at" from "vipps_webhook_event" where "reference" = ? and "deleted_at" is null`, [reference])
      expect(rows.map((r: any) => r.psp_reference).sort()).toEqual(Array.from({ length: 30 }, (_, i) => `psp-burst-${i}`).sort())
      // Rows of one statement share its transaction's start time (to the microsecond): fewer distinct times than rows = batches formed.
      expect(new Set(rows.map((r: any) => r.created_at)).size).toBeLessThan(30)
      await eventually(async () => (await storedEvents(reference)).every((e) => e.status === "processed"))
      expect(await paymentReads(reference)).toBe(readsBefore)
      expect(await ordersFor(store, 145)).toHaveLength(1)
    })

    it("a wake-up queued by an earlier version ({ id } alone, e.g. across a deploy) is still processed", async () => {
      const store = await storeWithWebhooks()
      const reference = await orderPaidWithWebhooksDropped(store, 147)
      const stored = await WebhookInbox.fromContainer(getContainer()).record({
        provider_id: "pp_vipps_vipps", reference, name: "AUTHORIZED", psp_reference: "psp-legacy-1", msn: "100001",
        amount: 14700, currency: "NOK", success: true, occurred_at: new Date(), payload: {},
      })
      expect((await storedEvents(reference)).find((e) => e.name === "AUTHORIZED")?.status).toBe("received")
      await getContainer().resolve(Modules.EVENT_BUS).emit({ name: "vipps.webhook.received", data: { id: stored.id } })
      await eventually(async () => (await storedEvents(reference)).find((e) => e.name === "AUTHORIZED")?.status === "processed")
    })

    it("a delivery the database refuses (amount beyond its integer column) fails alone: the deliveries stored in the same burst are answered 200 and kept", async () => {
      const store = await storeWithWebhooks()
      await sandbox().webhookMode("drop")
      const { reference } = await cartWithSession(store, 146)
      const secret = await registrationSecret()
      const body = (i: number, value: number) =>
        JSON.stringify({ msn: "100001", reference, pspReference: `psp-poison-${i}`, name: "CAPTURED", amount: { currency: "NOK", value }, timestamp: new Date().toISOString(), idempotencyKey: null, success: true })

      const answers = await Promise.all(Array.from({ length: 12 }, (_, i) => deliver(body(i, i === 5 ? 3_000_000_000 : 14600), secret)))
      expect(answers.map((a) => a.status)).toEqual(Array.from({ length: 12 }, (_, i) => (i === 5 ? 500 : 200)))
      const knex = getContainer().resolve(ContainerRegistrationKeys.PG_CONNECTION) as any
      const { rows } = await knex.raw(`select "psp_reference" from "vipps_webhook_event" where "reference" = ? and "deleted_at" is null`, [reference])
      expect(rows.map((r: any) => r.psp_reference).sort()).toEqual(Array.from({ length: 12 }, (_, i) => `psp-poison-${i}`).filter((p) => p !== "psp-poison-5").sort())
    })

    it.each([
      ["forged signature", (h: Record<string, string>) => (h.authorization = h.authorization.replace(/Signature=.*/, "Signature=Zm9yZ2Vk"))],
      ["unsigned", (h: Record<string, string>) => delete h.authorization],
      ["missing date", (h: Record<string, string>) => delete h["x-ms-date"]],
    ] as const)("%s deliveries are refused with 401 and change nothing", async (_name, tamper) => {
      const store = await storeWithWebhooks()
      const { reference } = await cartWithSession(store, 150)
      const body = JSON.stringify({ msn: "100001", reference, pspReference: "psp-x", name: "AUTHORIZED", amount: { currency: "NOK", value: 15000 }, timestamp: new Date().toISOString(), success: true })
      const answer = await deliver(body, await registrationSecret(), tamper)
      expect(answer.status).toBe(401)
      await new Promise((r) => setTimeout(r, 1000))
      // Nothing was stored: the forged delivery was refused, and CREATED is not subscribed.
      expect(await storedEvents(reference)).toEqual([])
      expect(await ordersFor(store, 150)).toHaveLength(0)
    })

    it("altered body and wrong secret are refused with 401", async () => {
      const store = await storeWithWebhooks()
      const { reference } = await cartWithSession(store, 160)
      const body = JSON.stringify({ msn: "100001", reference, pspReference: "psp-y", name: "AUTHORIZED", amount: { currency: "NOK", value: 16000 }, timestamp: new Date().toISOString(), success: true })
      const secret = await registrationSecret()

      const date = new Date().toUTCString()
      const signed = computeWebhookSignature({ secret, url: hookUrl(), date, rawBody: body })
      const altered = await axios.post(hookUrl(), body.replace("16000", "1"), {
        headers: { "content-type": "application/json", "x-ms-date": date, "x-ms-content-sha256": signed.contentHash, authorization: signed.authorization },
        validateStatus: () => true,
        transformRequest: [(data) => data],
      })
      expect(altered.status).toBe(401)
      expect((await deliver(body, `${secret}x`)).status).toBe(401)
      expect((await storedEvents(reference)).map((e) => e.name)).not.toContain("AUTHORIZED")
      expect(await ordersFor(store, 160)).toHaveLength(0)
    })

    it("every webhook is lost: one run of the reconciliation job places the order", async () => {
      const store = await storeWithWebhooks()
      await sandbox().webhookMode("drop")
      const { reference } = await cartWithSession(store, 170)
      await sandbox().act(reference, "approve")
      expect(await storedEvents(reference)).toHaveLength(0) // nothing reached the store

      await reconcileVippsPayments(getContainer())
      expect(await ordersFor(store, 170)).toHaveLength(1)
    })

    it("a capture and a refund made in the Vipps portal are reflected in Medusa", async () => {
      const store = await storeWithWebhooks()
      const { cart, reference } = await cartWithSession(store, 100)
      await sandbox().act(reference, "approve")
      const result = await completeCart(api, store, cart.id)
      if (result.type !== "order") throw new Error("no order")
      const paymentId = (await listOrders(api, store))[0].payment_collections[0].payments[0].id

      await sandbox().portal(reference, "capture", 6000)
      await sandbox().portal(reference, "refund", 2500)

      const payment = await eventually(async () => {
        const { data } = await api.get(`/admin/payments/${paymentId}?fields=*captures,*refunds`, store.admin)
        const refunded = data.payment.refunds.reduce((sum: number, r: any) => sum + r.amount, 0)
        return refunded === 25 ? data.payment : undefined
      })
      expect(payment.captures.reduce((sum: number, c: any) => sum + c.amount, 0)).toBe(60)
      // Recording them did not move money again at Vipps.
      const vipps = await sandbox().payment(reference)
      expect(vipps.aggregate.capturedAmount.value).toBe(6000)
      expect(vipps.aggregate.refundedAmount.value).toBe(2500)
      expect(vipps.events.filter((e) => e.name === "CAPTURED")).toHaveLength(1)
      expect(vipps.events.filter((e) => e.name === "REFUNDED")).toHaveLength(1)
      // The first webhook's sync imported both; the second waits for its lock and finds nothing
      // to do. Both are worked off before the test ends: work still running when the next test
      // restores the database holds the payment's lock while its connection is cut.
      await eventually(async () => {
        const events = await storedEvents(reference)
        return ["CAPTURED", "REFUNDED"].every((name) => events.some((e) => e.name === name && e.status === "processed"))
      })
    })

    // Rejected and expired payments (webhook, job or shopper first): rejected-payments.spec.ts.

    it("cart completion fails after authorization (sold out meanwhile): the reservation is released and the reason is kept", async () => {
      const store = await storeWithWebhooks()
      const variantId = await createStockedProduct(api, store, "Siste genser", 190, 1)
      const first = await createCart(api, store, [{ variantId, quantity: 1 }])
      const second = await createCart(api, store, [{ variantId, quantity: 1 }])
      const late = await startVippsPayment(api, store, second.id)
      const early = await startVippsPayment(api, store, first.id)
      await sandbox().act(early.session.data.reference, "approve")
      expect((await completeCart(api, store, first.id)).type).toBe("order")

      const reference = late.session.data.reference
      await sandbox().act(reference, "approve")
      const vipps = await eventually(async () => {
        const payment = await sandbox().payment(reference)
        return payment.aggregate.cancelledAmount.value === 19000 ? payment : undefined
      })
      expect(vipps.aggregate.capturedAmount.value).toBe(0)
      const paymentModule = getContainer().resolve(Modules.PAYMENT)
      // The reason is stored right after the release at Vipps: wait for it.
      const session = await eventually(async () => {
        const s = await paymentModule.retrievePaymentSession(late.session.id)
        return s.data.completion_error ? s : undefined
      })
      expect(session.data).toMatchObject({ completion_error: expect.stringMatching(/^Bestillingen kunne ikke fullføres \(/), completion_error_code: "vipps_order_not_placed" })
      expect(await ordersFor(store, 190)).toHaveLength(1)

      // The shopper completing that cart again is told why (still sold out: Medusa's own reason).
      const again = await api.post(`/store/carts/${second.id}/complete`, {}, { ...store.storeHeaders, validateStatus: () => true })
      expect({ status: again.status, type: again.data.type }).toEqual({ status: 400, type: "not_allowed" })
      expect(again.data.message).toMatch(/Not enough stock/)

      // Stock is back: completing reaches the payment, which answers why it can no longer be used.
      const query = getContainer().resolve(ContainerRegistrationKeys.QUERY)
      const { data: [variant] } = await query.graph({ entity: "product_variant", fields: ["inventory_items.inventory_item_id"], filters: { id: variantId } })
      const inventoryItemId = (variant as any).inventory_items[0].inventory_item_id
      await api.post(`/admin/inventory-items/${inventoryItemId}/location-levels/${store.stockLocationId}`, { stocked_quantity: 2 }, store.admin)
      const released = await completeCart(api, store, second.id)
      expect(released).toMatchObject({ type: "cart", error: { type: "payment_authorization_error", message: session.data.completion_error } })
      expect(await ordersFor(store, 190)).toHaveLength(1)
    })

    it("the return page works without the browser session: reference + token give the state and the order", async () => {
      const store = await storeWithWebhooks()
      await sandbox().webhookMode("drop")
      const { session, reference } = await cartWithSession(store, 200)
      const returnUrl = await sandbox().approveOnLandingPage(session.data.redirect_url)
      const token = new URL(returnUrl).searchParams.get("token")
      expect(token).toBe(session.data.return_token)

      // Another browser: only the publishable key, no cart id, no cookie.
      const { data } = await api.get(`/store/vipps/payments/${reference}?token=${token}`, store.storeHeaders)
      expect(data).toMatchObject({ reference, state: "AUTHORIZED", status: "completed", order_id: expect.stringMatching(/^order_/) })
      expect(await ordersFor(store, 200)).toHaveLength(1)

      const wrong = await api.get(`/store/vipps/payments/${reference}?token=guess`, store.storeHeaders).catch((e) => e.response)
      expect(wrong.status).toBe(404)
    })
  })
})
