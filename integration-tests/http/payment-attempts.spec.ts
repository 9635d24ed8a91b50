import { MARKETS, Store, createCart, createProduct, createStockedProduct, createStoreWithWebhooks, completeCart, startVippsPayment } from "../helpers/store"
import { fulfil, getOrderDetails, paidOrder } from "../helpers/fulfillment"
import { eventually, vippsIntegrationSuite } from "../helpers/sandbox"
import backfill from "../../src/migration-scripts/vipps-payment-attempts-backfill"
import paymentAttemptsJob from "../../src/jobs/vipps-payment-attempts"
import { vippsPaymentLockKey } from "../../src/payment-sync"
import { Modules } from "@medusajs/framework/utils"

/**
 * Payments page (issue 23): every Vipps payment attempt findable in the admin from the plugin's
 * projection, with real checkouts through the sandbox.
 */
vippsIntegrationSuite(({ api, getContainer, sandbox }) => {
  const ok = { validateStatus: () => true }
  const list = (store: Store, params: Record<string, string | number> = {}) => api.get("/admin/vipps/payment-attempts", { ...store.admin, ...ok, params })
  const found = async (store: Store, q: string) => (await list(store, { q })).data.payments.map((p: any) => p.reference) as string[]
  const rowOf = async (store: Store, reference: string) => (await list(store, { q: reference })).data.payments.find((p: any) => p.reference === reference)
  const knex = () => getContainer().resolve("__pg_connection__") as { raw(sql: string, b?: unknown[]): Promise<{ rows: any[] }> }

  /** An order paid with Vipps whose cart has a mixed-case email and a formatted phone number. */
  async function orderWithContact(store: Store, price: number, email: string, phone: string) {
    const [variantId] = await createProduct(api, store, "Genser", [price])
    const cart = await createCart(api, store, [{ variantId, quantity: 1 }])
    await api.post(`/store/carts/${cart.id}`, { email, shipping_address: { first_name: "Kari", last_name: "Nordmann", address_1: "Storgata 1", city: "Oslo", postal_code: "0155", country_code: "no", phone } }, store.storeHeaders)
    const { session } = await startVippsPayment(api, store, cart.id)
    await sandbox().act(session.data.reference, "approve")
    const done = await completeCart(api, store, cart.id)
    if (done.type !== "order") throw new Error(`cart did not complete: ${done.error.message}`)
    const order = await getOrderDetails(api, store, done.order.id)
    const { data } = await api.get(`/admin/orders/${order.id}?fields=id,display_id`, store.admin)
    return { reference: session.data.reference as string, orderId: order.id as string, displayId: data.order.display_id as number, paymentId: order.payment_collections[0].payments[0].id as string }
  }

  /** A payment the shopper rejected in the app (never an order). */
  async function abortedAttempt(store: Store) {
    const [variantId] = await createProduct(api, store, "Lue", [150])
    const cart = await createCart(api, store, [{ variantId, quantity: 1 }])
    const { session } = await startVippsPayment(api, store, cart.id)
    await sandbox().act(session.data.reference, "reject")
    return { reference: session.data.reference as string, cartId: cart.id }
  }

  beforeEach(async () => {
    await sandbox().webhookMode("deliver")
    await sandbox().clearFaults()
  })

  it("anonymous callers get 401 on the payments page's routes", async () => {
    const routes: [string, string][] = [
      ["get", "/admin/vipps/payment-attempts"],
      ["get", "/admin/vipps/payment-attempts?format=csv"],
      ["get", "/admin/vipps/payment-attempts/demo-x"],
      ["post", "/admin/vipps/payment-attempts/demo-x/refresh"],
      ["post", "/admin/vipps/payment-attempts/demo-x/release"],
    ]
    for (const [method, path] of routes) {
      const res = method === "get" ? await api.get(path, ok) : await api.post(path, {}, ok)
      expect([path, res.status]).toEqual([path, 401])
    }
  })

  it("support finds every attempt (an order and an aborted payment): by reference, PSP reference, display id, email and phone; filters, pages and CSV", async () => {
    const store = await createStoreWithWebhooks(api, getContainer())
    const kari = await orderWithContact(store, 498, "Kari.Nordmann@Example.NO", "+47 912 34 567")
    const aborted = await abortedAttempt(store)
    const other = await paidOrder(api, getContainer(), sandbox(), MARKETS.NOK, [{ price: 100, quantity: 1 }], { store })

    // The order placed and Vipps's answers reach the rows (subscriber and payment sync, asynchronously).
    const kariRow = await eventually(async () => {
      const row = await rowOf(store, kari.reference)
      return row?.order?.display_id === kari.displayId && row.psp_reference ? row : undefined
    })
    expect(kariRow).toMatchObject({
      reference: kari.reference,
      payment_id: kari.paymentId,
      provider_id: "pp_vipps_vipps",
      provider_name: "Vipps MobilePay (NOK)",
      msn: "100001",
      order: { id: kari.orderId, display_id: kari.displayId },
      email: "k***@example.no",
      phone: "+47 ****4567",
      currency: "NOK",
      amount: "498.00",
      captured: "0.00",
      refunded: "0.00",
      state: "AUTHORIZED",
      attention: [],
    })
    expect(Date.parse(kariRow.capture_deadline) - Date.now()).toBeGreaterThan(170 * 24 * 3600 * 1000)
    // Refresh (reads Vipps now) turns the rejected one into ABORTED: it never became an order.
    const refreshed = await api.post(`/admin/vipps/payment-attempts/${aborted.reference}/refresh`, {}, { ...store.admin, ...ok })
    expect(refreshed.status).toBe(200)
    expect(refreshed.data.sync.outcome).toBe("failed")
    expect(refreshed.data.attempt).toMatchObject({ reference: aborted.reference, state: "ABORTED", order: null, cart_id: aborted.cartId, payment_id: null, email: "s***@vipps.test" })
    expect(refreshed.data.cart).toMatchObject({ id: aborted.cartId, total: "150.00", currency: "NOK", completed_at: null })
    const unknown = await api.get("/admin/vipps/payment-attempts/demo-01UNKNOWN", { ...store.admin, ...ok })
    expect([unknown.status, unknown.data.message]).toEqual([404, "No Vipps MobilePay payment with reference demo-01UNKNOWN."])

    // Search: one box, five kinds of text.
    const card = await api.get(`/admin/vipps/payments/${kari.paymentId}`, store.admin)
    const psp = card.data.payment.psp_reference as string
    expect(psp).toEqual(expect.any(String))
    expect(await found(store, kari.reference)).toEqual([kari.reference])
    expect(await found(store, psp)).toEqual([kari.reference])
    expect(await found(store, String(kari.displayId))).toContain(kari.reference)
    expect(await found(store, `#${kari.displayId}`)).toContain(kari.reference)
    expect(await found(store, "kari.nordmann@example.no")).toEqual([kari.reference])
    expect(await found(store, "KARI.NORD")).toEqual([kari.reference]) // case-insensitive prefix
    expect(await found(store, "+47 912 34 567")).toEqual([kari.reference])
    expect(await found(store, "91234567")).toEqual([kari.reference])
    expect(await found(store, "4791234567")).toEqual([kari.reference])
    expect(await found(store, "nobody@example.no")).toEqual([])
    expect((await found(store, "shopper@vipps.test")).sort()).toEqual([aborted.reference, other.reference].sort())

    // Filters.
    const refs = async (params: Record<string, string>) => ((await list(store, params)).data.payments as any[]).map((p) => p.reference).sort()
    const today = new Date().toISOString().slice(0, 10)
    const yesterday = new Date(Date.now() - 24 * 3600 * 1000).toISOString().slice(0, 10)
    expect(await refs({ state: "ABORTED" })).toEqual([aborted.reference])
    expect(await refs({ state: "AUTHORIZED" })).toEqual([kari.reference, other.reference].sort())
    expect(await refs({ state: "aborted,AUTHORIZED" })).toHaveLength(3)
    expect(await refs({ msn: "100001" })).toHaveLength(3)
    expect(await refs({ msn: "999999" })).toEqual([])
    expect(await refs({ provider_id: "pp_vipps_vipps", created_from: today, created_to: today })).toHaveLength(3)
    expect(await refs({ created_to: yesterday })).toEqual([])

    // Wrong parameters: 400 with the reason.
    for (const [params, message] of [
      [{ state: "PAID" }, /state must be a comma list of CREATED, AUTHORIZED, ABORTED, EXPIRED, TERMINATED; unknown: PAID/],
      [{ limit: "0" }, /limit must be between 1 and 100/],
      [{ limit: "101" }, /limit must be between 1 and 100/],
      [{ offset: "-1" }, /offset must be a whole number/],
      [{ created_from: "06.12.2026" }, /created_from must be an ISO date/],
      [{ attention: "urgent" }, /attention must be "any" or one of/],
      [{ format: "xlsx" }, /format must be json or csv/],
    ] as [Record<string, string>, RegExp][]) {
      const res = await list(store, params)
      expect([params, res.status]).toEqual([params, 400])
      expect(res.data.message).toMatch(message)
    }

    // Pages: newest first, the count is the whole match.
    const first = await list(store, { limit: 2 })
    expect(first.data).toMatchObject({ count: 3, limit: 2, offset: 0 })
    expect(first.data.payments.map((p: any) => p.reference)).toEqual([other.reference, aborted.reference])
    const second = await list(store, { limit: 2, offset: 2 })
    expect(second.data.payments.map((p: any) => p.reference)).toEqual([kari.reference])
    expect(first.data.sales_units).toEqual(expect.arrayContaining([{ msn: "100001", name: "Vipps MobilePay (NOK)", webhook_registration_missing: false }]))

    // CSV: the whole filtered list, masked, amounts as decimals.
    const csv = await api.get("/admin/vipps/payment-attempts", { ...store.admin, ...ok, params: { format: "csv", state: "AUTHORIZED" }, responseType: "text" })
    expect(csv.status).toBe(200)
    expect(csv.headers["content-type"]).toMatch(/^text\/csv/)
    expect(csv.headers["content-disposition"]).toBe(`attachment; filename="vipps-payments-${today}.csv"`)
    const lines = String(csv.data).trim().split("\r\n")
    expect(lines[0]).toBe("reference,psp_reference,session_id,payment_id,provider_id,provider_name,msn,cart_id,order_id,order_display_id,email,phone,currency,amount,captured,refunded,state,capture_deadline,last_event_at,created_at,attention")
    expect(lines).toHaveLength(3)
    const kariLine = lines.find((l) => l.startsWith(`${kari.reference},`))!
    expect(kariLine).toContain(`,${kari.orderId},${kari.displayId},k***@example.no,"'+47 ****4567",NOK,498.00,0.00,0.00,AUTHORIZED,`)
    expect(String(csv.data)).not.toMatch(/nordmann|91234567/i)
  })

  it("needs attention: each of the five reasons constructed for real, counted, filtered; release of an attempt without an order", async () => {
    const store = await createStoreWithWebhooks(api, getContainer())

    // 1. Paid, sold out meanwhile, and the release at Vipps failing: authorized, no order.
    const variantId = await createStockedProduct(api, store, "Siste genser", 190, 1)
    const first = await createCart(api, store, [{ variantId, quantity: 1 }])
    const second = await createCart(api, store, [{ variantId, quantity: 1 }])
    const late = await startVippsPayment(api, store, second.id)
    const early = await startVippsPayment(api, store, first.id)
    await sandbox().act(early.session.data.reference, "approve")
    expect((await completeCart(api, store, first.id)).type).toBe("order")
    const noOrder = late.session.data.reference as string
    await sandbox().fault({ method: "POST", pathContains: `/payments/${noOrder}/cancel`, count: 1000, kind: "error", status: 500 })
    await sandbox().act(noOrder, "approve")
    await eventually(async () => (await rowOf(store, noOrder))?.state === "AUTHORIZED")
    const fresh = await rowOf(store, noOrder)
    expect(fresh).toMatchObject({ order: null, amount: "190.00", attention: [] }) // a shopper may still be on the way: not yet
    // Ten minutes later it needs a person.
    await knex().raw(`update "vipps_payment_attempt" set "created_at" = now() - interval '10 minutes' where "reference" = ?`, [noOrder])
    expect((await rowOf(store, noOrder)).attention).toEqual(["authorized_without_order"])

    // 2. Vipps guarantees the capture only until tomorrow (captureGuaranteedUntil), read by a refresh.
    const soon = await paidOrder(api, getContainer(), sandbox(), MARKETS.NOK, [{ price: 100, quantity: 1 }], { store })
    const tomorrow = new Date(Math.floor(Date.now() / 1000 + 24 * 3600) * 1000).toISOString()
    await sandbox().captureGuarantee(soon.reference, tomorrow)
    const refreshed = await api.post(`/admin/vipps/payment-attempts/${soon.reference}/refresh`, {}, store.admin)
    expect(refreshed.data.attempt.capture_deadline).toBe(tomorrow)
    expect(refreshed.data.attempt.attention).toEqual(["capture_deadline_soon"])

    // 3. A capture Vipps refuses with 6260.
    const refused = await paidOrder(api, getContainer(), sandbox(), MARKETS.NOK, [{ price: 100, quantity: 1 }], { store })
    await sandbox().captureError(refused.reference, "6260")
    await fulfil(api, store, refused.orderId, [{ id: refused.itemIds[0], quantity: 1 }]) // capture on fulfilment (the plugin's default)
    const refusedRow = await eventually(async () => {
      const row = await rowOf(store, refused.reference)
      return row?.attention.length ? row : undefined
    })
    expect(refusedRow).toMatchObject({ attention: ["capture_refused"], captured: "0.00" })

    // 4. A capture made in the portal that a sync read but could not import: the payment was busy
    // (its lock held by a long capture) for longer than the sync waits.
    const portal = await paidOrder(api, getContainer(), sandbox(), MARKETS.NOK, [{ price: 100, quantity: 1 }], { store })
    await eventually(async () => {
      const row = await rowOf(store, portal.reference)
      return row?.order && row.last_event_at
    })
    await sandbox().webhookMode("drop")
    await sandbox().portal(portal.reference, "capture", 4000)
    let unlock!: () => void
    const busy = getContainer().resolve(Modules.LOCKING).execute(vippsPaymentLockKey(portal.paymentId), () => new Promise<void>((resolve) => (unlock = resolve)), { timeout: 5, expire: 120 })
    const busyRefresh = await api.post(`/admin/vipps/payment-attempts/${portal.reference}/refresh`, {}, { ...store.admin, ...ok })
    expect(busyRefresh.status).toBeGreaterThanOrEqual(500) // the sync gave up waiting for the payment
    unlock()
    await busy
    expect((await rowOf(store, portal.reference)).attention).toEqual(["amount_mismatch"])
    expect((await rowOf(store, portal.reference)).captured).toBe("40.00")
    expect((await api.get(`/admin/vipps/payments/${portal.paymentId}`, store.admin)).data.payment.medusa.captured).toBe("0.00")

    // 5. A sales unit whose webhooks were never registered (MobilePay DKK): its open payment.
    const { data: { region } } = await api.post("/admin/regions", { name: "Danmark", currency_code: "dkk", countries: ["dk"], payment_providers: [MARKETS.DKK.providerId], automatic_taxes: false }, store.admin)
    const dkk: Store = { ...store, regionId: region.id, market: MARKETS.DKK }
    const [dkkVariant] = await createProduct(api, dkk, "Hue", [200])
    const { data: { cart: dkkCart } } = await api.post("/store/carts", { region_id: region.id, sales_channel_id: store.salesChannelId, email: "mette@example.dk", items: [{ variant_id: dkkVariant, quantity: 1 }] }, store.storeHeaders)
    const dkkRef = (await startVippsPayment(api, dkk, dkkCart.id)).session.data.reference as string
    const dkkRow = await rowOf(store, dkkRef)
    expect(dkkRow).toMatchObject({ state: "CREATED", currency: "DKK", provider_name: "Vipps MobilePay (DKK)", attention: ["webhook_registration_missing"] })

    // Counted over all payments, and each reason is a filter.
    const all = (await list(store)).data
    expect(all.attention).toEqual({
      total: 5,
      reasons: { authorized_without_order: 1, capture_deadline_soon: 1, capture_refused: 1, amount_mismatch: 1, webhook_registration_missing: 1 },
    })
    expect(all.sales_units).toEqual(expect.arrayContaining([
      { msn: "100001", name: "Vipps MobilePay (NOK)", webhook_registration_missing: false },
      expect.objectContaining({ msn: dkkRow.msn, webhook_registration_missing: true }),
    ]))
    const expected: Record<string, string> = {
      authorized_without_order: noOrder,
      capture_deadline_soon: soon.reference,
      capture_refused: refused.reference,
      amount_mismatch: portal.reference,
      webhook_registration_missing: dkkRef,
    }
    for (const [reason, reference] of Object.entries(expected)) {
      const res = (await list(store, { attention: reason })).data
      expect([reason, res.count, res.payments.map((p: any) => p.reference)]).toEqual([reason, 1, [reference]])
    }
    expect((await list(store, { attention: "any" })).data.count).toBe(5)

    // The attempt without an order: its page, then the release (all of it, at Vipps).
    const detail = await api.get(`/admin/vipps/payment-attempts/${noOrder}`, store.admin)
    expect(detail.data).toMatchObject({ attempt: { reference: noOrder, order: null }, cart: { id: second.id, total: "190.00" }, available: { release: "190.00" } })
    expect(detail.data.events.map((e: any) => e.event)).toContain("AUTHORIZED")
    const blocked = await api.post(`/admin/vipps/payment-attempts/${noOrder}/release`, {}, { ...store.admin, ...ok })
    expect(blocked.status).toBe(502) // the sandbox still refuses cancels for it
    await sandbox().clearFaults()
    const released = await api.post(`/admin/vipps/payment-attempts/${noOrder}/release`, {}, { ...store.admin, ...ok })
    expect(released.status).toBe(200)
    expect(released.data).toMatchObject({ released: "190.00", attempt: { attention: [] }, available: { release: "0.00" } })
    const vipps = await sandbox().payment(noOrder)
    expect(vipps.aggregate.authorizedAmount.value).toBe(19000)
    expect(vipps.aggregate.cancelledAmount.value).toBe(19000)
    expect(vipps.aggregate.capturedAmount.value).toBe(0)
    // Releasing again: nothing left, nothing sent.
    const again = await api.post(`/admin/vipps/payment-attempts/${noOrder}/release`, {}, { ...store.admin, ...ok })
    expect(again.status).toBe(400)
    const cancels = (await sandbox().requests({ method: "POST" })).filter((r) => r.path.endsWith(`/payments/${noOrder}/cancel`) && r.status < 300)
    expect(cancels).toHaveLength(1)
    // An order's payment is released on the order's card, not here.
    const withOrder = await api.post(`/admin/vipps/payment-attempts/${soon.reference}/release`, {}, { ...store.admin, ...ok })
    expect(withOrder.status).toBe(400)
    expect(withOrder.data.message).toMatch(/release it on the order's Vipps MobilePay card/)

    // The card's refresh imports the portal capture: the amounts agree again.
    await api.post(`/admin/vipps/payments/${portal.paymentId}/refresh`, {}, store.admin)
    expect((await rowOf(store, portal.reference)).attention).toEqual([])
    expect((await list(store)).data.attention.total).toBe(3)

    // The order close to its deadline is cancelled: the reservation is released at Vipps, and the
    // page's job (every 10 minutes) writes the open rows again from Medusa's data.
    await api.post(`/admin/orders/${soon.orderId}/cancel`, {}, store.admin)
    await eventually(async () => (await sandbox().payment(soon.reference)).aggregate.cancelledAmount.value === 10000)
    await eventually(async () => {
      await paymentAttemptsJob(getContainer())
      return (await rowOf(store, soon.reference)).attention.length === 0
    })
    expect((await list(store)).data.attention).toMatchObject({ total: 2, reasons: { capture_deadline_soon: 0 } })
  })

  it("backfill: payments made before the upgrade are recorded from Medusa's sessions, payments, carts and orders", async () => {
    const store = await createStoreWithWebhooks(api, getContainer())
    const kari = await orderWithContact(store, 250, "kari@example.no", "91234567")
    await eventually(async () => (await rowOf(store, kari.reference))?.order)
    await knex().raw(`delete from "vipps_payment_attempt"`)
    expect((await list(store)).data.count).toBe(0)
    await backfill({ container: getContainer(), args: [] } as any)
    const row = await rowOf(store, kari.reference)
    expect(row).toMatchObject({ order: { id: kari.orderId, display_id: kari.displayId }, state: "AUTHORIZED", amount: "250.00", email: "k***@example.no", phone: "+47 ****4567" })
    expect(await found(store, "+4791234567")).toEqual([kari.reference])
  })
})
