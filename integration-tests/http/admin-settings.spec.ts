import { MARKETS, type Store, createCart, createProduct, createStore, startVippsPayment } from "../helpers/store"
import { capturesAtVipps, fulfil, paidOrder, staysTheSame, sum } from "../helpers/fulfillment"
import { eventually, vippsIntegrationSuite } from "../helpers/sandbox"
import { createExpressStore, createRequestFor, startExpress } from "../helpers/express"
import { VippsOptionsError, parseVippsOptions } from "../../src/providers/vipps/options"
import { resolveVippsProvider } from "../../src/sales-units"
import { changesOf, textsDraftOf } from "../../src/admin/components/vipps-settings/settings-body"

/**
 * Settings a shop admin changes on Settings → Vipps MobilePay (POST /admin/vipps/settings/:provider):
 * validated with the options' own rules, recorded (who, when, old → new), effective at the next
 * checkout and fulfilment without a restart, and reset to the medusa-config value.
 */
vippsIntegrationSuite(({ api, getContainer, sandbox }) => {
  const ok = { validateStatus: () => true }
  const PATH = "/admin/vipps/settings/pp_vipps_vipps"
  const save = (store: Store, body: unknown) => api.post(PATH, body, { ...store.admin, ...ok })
  const read = async (store: Store) => (await api.get(PATH, store.admin)).data
  const setting = (view: any, name: string) => view.settings.find((s: any) => s.name === name)

  /** What the boot check answers for the same value in medusa-config (the option's message). */
  function bootMessage(name: string, value: unknown): string {
    const valid = { environment: "test", merchantSerialNumber: "100001", clientId: "a", clientSecret: "b", subscriptionKey: "c", returnUrl: "https://shop.example/r" }
    const [key, inner] = name.split(".")
    try {
      parseVippsOptions({ ...valid, [key]: inner ? { [inner]: value } : value })
    } catch (error) {
      return (error as VippsOptionsError).problems.find((p) => p.path === name)!.message
    }
    throw new Error(`${name}=${JSON.stringify(value)} is valid`)
  }

  /** The body of the create-payment request Vipps received for this session's reference. */
  async function createRequest(reference: string) {
    const creates = await sandbox().requests({ method: "POST", pathContains: "/epayment/v1/payments" })
    return creates.find((r) => r.path === "/epayment/v1/payments" && r.body?.reference === reference)?.body
  }

  async function checkout(store: Store) {
    const [variantId] = await createProduct(api, store, "Kaffe", [120])
    const cart = await createCart(api, store, [{ variantId, quantity: 1 }])
    const { session } = await startVippsPayment(api, store, cart.id)
    return { session, request: await createRequest(session.data.reference) }
  }

  it("anonymous callers get 401 on the settings routes", async () => {
    for (const res of [await api.get(PATH, ok), await api.post(PATH, { capture: "manual" }, ok), await api.get("/admin/vipps/settings", ok)]) {
      expect(res.status).toBe(401)
    }
  })

  it("invalid values are refused with 400 and the same message as the medusa-config option; nothing is stored or recorded", async () => {
    const store = await createStore(api, getContainer(), MARKETS.NOK)
    const cases: [Record<string, unknown>, string][] = [
      [{ paymentDescription: "ab" }, `paymentDescription: ${bootMessage("paymentDescription", "ab")}`],
      [{ capture: "sometimes" }, `capture: ${bootMessage("capture", "sometimes")}`],
      [{ userFlow: "FAX" }, `userFlow: ${bootMessage("userFlow", "FAX")}`],
      [{ orderDetailsUrl: "shop.example/orders" }, `orderDetailsUrl: ${bootMessage("orderDetailsUrl", "shop.example/orders")}`],
      [{ express: { enabled: "yes" } }, `express.enabled: ${bootMessage("express.enabled", "yes")}`],
      [{ express: { shipping: "free" } }, `express.shipping: ${bootMessage("express.shipping", "free")}`],
    ]
    for (const [body, message] of cases) {
      const res = await save(store, body)
      expect([body, res.status]).toEqual([body, 400])
      expect(res.data.message).toBe(`Invalid settings for pp_vipps_vipps: ${message}`)
    }
    const secret = await save(store, { clientSecret: "new-secret" })
    expect(secret.status).toBe(400)
    expect(secret.data.message).toMatch(/clientSecret: cannot be changed in the admin; it is set in medusa-config\.ts/)
    expect((await save(store, { colour: "orange" })).data.message).toMatch(/colour: is not a setting/)
    expect((await save(store, {})).status).toBe(400)
    // The options' cross-field rules too: dynamic express shipping needs webhookBaseUrl (unset here).
    const dynamic = await save(store, { express: { enabled: true, shipping: "dynamic" } })
    expect(dynamic.status).toBe(400)
    expect(dynamic.data.message).toMatch(/^Invalid settings for pp_vipps_vipps: express\.shipping: "dynamic" needs webhookBaseUrl/)
    expect((await save(store, { capture: "shipment", paymentDescription: "x" })).status).toBe(400) // all or nothing

    const view = await read(store)
    expect(view.history).toEqual([])
    expect(view.settings.every((s: any) => s.source === "medusa-config")).toBe(true)
    expect(setting(view, "capture").value).toBe("fulfillment")
  })

  it("a paymentDescription and userFlow changed in the admin are in the next checkout's create request at Vipps; reset brings back medusa-config's", async () => {
    const store = await createStore(api, getContainer(), MARKETS.NOK)
    const before = await checkout(store)
    expect(before.request).toMatchObject({ paymentDescription: "Order from the Medusa demo store", userFlow: "WEB_REDIRECT" })

    const saved = await save(store, { paymentDescription: "Kaffe fra Testbrenneriet", userFlow: "QR" })
    expect(saved.status).toBe(200)
    const changed = await checkout(store)
    expect(changed.request).toMatchObject({ paymentDescription: "Kaffe fra Testbrenneriet", userFlow: "QR" })
    expect(changed.request.returnUrl).toBeUndefined() // QR has no return
    expect(changed.session.data.user_flow).toBe("QR")

    const reset = await save(store, { reset: ["paymentDescription", "userFlow"] })
    expect(reset.status).toBe(200)
    expect(setting(reset.data, "paymentDescription")).toMatchObject({ value: "Order from the Medusa demo store", source: "medusa-config" })
    const after = await checkout(store)
    expect(after.request).toMatchObject({ paymentDescription: "Order from the Medusa demo store", userFlow: "WEB_REDIRECT" })
  })

  it("a payment description per language saved as the settings page sends it: the next Danish payment at Vipps has the Danish text, a Norwegian one the Norwegian, a Swedish one the text for all languages", async () => {
    const store = await createStore(api, getContainer(), MARKETS.NOK)
    const view = setting(await read(store), "paymentDescription")
    expect(view).toMatchObject({ type: "texts", languages: ["nb", "da", "fi", "sv", "en"], value: "Order from the Medusa demo store" })
    // The form: "All languages" as it was, Norsk and Dansk filled in.
    const fields = textsDraftOf(view.value, view.languages)
    const body = changesOf([view], { paymentDescription: { all: fields.all, languages: { ...fields.languages, nb: "Kaffe fra Testbrenneriet", da: "Kaffe fra Testristeriet" } } })
    expect(body).toEqual({
      paymentDescription: {
        nb: "Kaffe fra Testbrenneriet",
        da: "Kaffe fra Testristeriet",
        fi: "Order from the Medusa demo store",
        sv: "Order from the Medusa demo store",
        en: "Order from the Medusa demo store",
      },
    })
    const saved = await save(store, body)
    expect(saved.status).toBe(200)
    expect(setting(saved.data, "paymentDescription")).toMatchObject({ value: body.paymentDescription, source: "admin", updated_by: "admin@vipps.test" })

    /** A checkout in the Norwegian store with the cart's locale; the description Vipps has for it. */
    async function descriptionAtVipps(locale?: string) {
      const [variantId] = await createProduct(api, store, "Kaffe", [120])
      const cart = await createCart(api, store, [{ variantId, quantity: 1 }])
      if (locale) await api.post(`/store/carts/${cart.id}`, { locale }, store.storeHeaders)
      const { session } = await startVippsPayment(api, store, cart.id)
      return { language: session.data.language, description: (await sandbox().payment(session.data.reference)).paymentDescription }
    }
    expect(await descriptionAtVipps("da-DK")).toEqual({ language: "da", description: "Kaffe fra Testristeriet" })
    expect(await descriptionAtVipps()).toEqual({ language: "nb", description: "Kaffe fra Testbrenneriet" })
    expect(await descriptionAtVipps("sv-SE")).toEqual({ language: "sv", description: "Order from the Medusa demo store" })

    // Saved again unchanged (the database keeps its own key order): no change, no history row.
    expect((await save(store, { paymentDescription: { en: "Order from the Medusa demo store", da: "Kaffe fra Testristeriet", fi: "Order from the Medusa demo store", sv: "Order from the Medusa demo store", nb: "Kaffe fra Testbrenneriet" } })).status).toBe(200)
    const after = await read(store)
    expect(after.history.map((h: any) => [h.name, h.action, h.old_value, h.new_value])).toEqual([
      ["paymentDescription", "set", "Order from the Medusa demo store", body.paymentDescription],
    ])
    expect(setting(after, "paymentDescription").source).toBe("admin")
  })

  it('capture set to "manual" in the admin: the next fulfilment captures nothing; reset to medusa-config\'s "fulfillment": the next one captures', async () => {
    const order = await paidOrder(api, getContainer(), sandbox(), MARKETS.NOK, [{ price: 100, quantity: 1 }, { price: 50, quantity: 1 }, { price: 20, quantity: 1 }])
    // Three lines: the second fulfilment is not the last (the last one captures the exact remainder).
    const [a, b] = order.itemIds
    expect((await save(order.store, { capture: "manual" })).status).toBe(200)
    await fulfil(api, order.store, order.orderId, [{ id: a, quantity: 1 }])
    expect(await staysTheSame(() => capturesAtVipps(sandbox(), order.reference), 3000)).toEqual([])

    const reset = await save(order.store, { capture: null })
    expect(setting(reset.data, "capture")).toMatchObject({ value: "fulfillment", default: "fulfillment", source: "medusa-config" })
    await fulfil(api, order.store, order.orderId, [{ id: b, quantity: 1 }])
    await eventually(async () => sum(await capturesAtVipps(sandbox(), order.reference)) === 5000)
    expect(await staysTheSame(() => capturesAtVipps(sandbox(), order.reference))).toEqual([5000])
  })

  it("express checkout switched off in the admin: the store's express route refuses the next start; reset: it starts again", async () => {
    const store = await createExpressStore(api, getContainer(), MARKETS.NOK, { taxRate: 25, home: 99, pickup: 49 })
    const [variantId] = await createProduct(api, store, "Ullgenser", [400])
    const start = () => startExpress(api, store, { variant_id: variantId, quantity: 1, region_id: store.regionId })
    expect((await save(store, { express: { enabled: false } })).status).toBe(200)
    const refused = await start()
    expect(refused.status).toBeGreaterThanOrEqual(400)
    expect(refused.data).toMatchObject({
      code: "vipps_express_unavailable",
      message: "Ekspresskjøp med Vipps er ikke tilgjengelig i denne butikken ennå. Bruk den vanlige kassen.",
    })
    expect((await save(store, { reset: ["express.enabled"] })).status).toBe(200)
    const started = await start()
    expect(started.status).toBe(200)
    expect((await createRequestFor(sandbox(), started.data.reference)).body.shipping.fixedOptions.length).toBeGreaterThan(0)
  })

  it("an orderDetailsUrl set in the admin is the link the next order's receipt sends to Vipps", async () => {
    const store = await createStore(api, getContainer(), MARKETS.NOK)
    expect((await save(store, { orderDetailsUrl: "https://shop.example/account/orders/{order_id}" })).status).toBe(200)
    const order = await paidOrder(api, getContainer(), sandbox(), MARKETS.NOK, [{ price: 75, quantity: 1 }], { store })
    const category = await eventually(async () =>
      (await sandbox().requests({ method: "PUT", pathContains: "/categories/" })).find((r) => r.path.includes(encodeURIComponent(order.reference)))
    )
    expect(category.body).toMatchObject({ category: "ORDER_CONFIRMATION", orderDetailsUrl: `https://shop.example/account/orders/${order.orderId}` })
  })

  it("the history lists who changed what, when, old → new (resets included); the page's data shows it with the credentials masked and where they come from", async () => {
    const store = await createStore(api, getContainer(), MARKETS.NOK)
    const { data: { user } } = await api.get("/admin/users/me", store.admin)
    const started = Date.now()
    await save(store, { capture: "shipment" })
    await save(store, { capture: "delivery", express: { enabled: false } }) // medusa-config (demo): on
    await save(store, { capture: "delivery" }) // no change: no history row
    await save(store, { reset: ["capture"] })

    const view = await read(store)
    const rows = view.history.map((h: any) => [h.name, h.action, h.old_value, h.new_value])
    expect(rows).toEqual([
      ["capture", "reset", "delivery", "fulfillment"],
      ["express.enabled", "set", true, false],
      ["capture", "set", "shipment", "delivery"],
      ["capture", "set", "fulfillment", "shipment"],
    ])
    for (const h of view.history) {
      expect(h).toMatchObject({ actor_id: user.id, actor_email: "admin@vipps.test", provider_id: "pp_vipps_vipps" })
      expect(Date.parse(h.created_at)).toBeGreaterThanOrEqual(started - 5000)
      expect(Date.parse(h.created_at)).toBeLessThanOrEqual(Date.now() + 5000)
    }
    expect(setting(view, "express.enabled")).toMatchObject({ value: false, default: true, source: "admin", updated_by: "admin@vipps.test" })
    expect(setting(view, "capture")).toMatchObject({ value: "fulfillment", source: "medusa-config", updated_by: null })

    const { data: page } = await api.get("/admin/vipps/settings", store.admin)
    const nok = page.providers.find((p: any) => p.id === "pp_vipps_vipps")
    expect(nok.history).toEqual(view.history)
    expect(nok.settings).toEqual(view.settings)
    const credentials = Object.fromEntries(nok.credentials.map((c: any) => [c.name, c]))
    expect(credentials.clientSecret).toMatchObject({ value: "sand…cret", option: "clientSecret", entry_id: "vipps" })
    expect(credentials.clientSecret.rotate).toMatch(/option clientSecret of the entry with id "vipps" in medusa-config\.ts on every server and worker and restart/)
    expect(credentials.merchantSerialNumber.value).toBe("100001")
    expect(JSON.stringify(page)).not.toContain("sandbox-nok-secret")
    expect(JSON.stringify(page)).not.toContain("sandbox-nok-key")
  })

  it("reading the effective settings costs one indexed query per checkout or fulfilment (measured)", async () => {
    const store = await createStore(api, getContainer(), MARKETS.NOK)
    await save(store, { paymentDescription: "Målt beskrivelse", capture: "shipment" })
    const provider = resolveVippsProvider(getContainer(), "vipps")!
    const times: number[] = []
    for (let i = 0; i < 300; i++) {
      const started = process.hrtime.bigint()
      const options = await provider.effectiveOptions()
      times.push(Number(process.hrtime.bigint() - started) / 1e6)
      expect(options.capture).toBe("shipment")
    }
    times.sort((x, y) => x - y)
    const [median, p95] = [times[150], times[285]]
    console.log(`[settings] effectiveOptions(): median ${median.toFixed(2)} ms, p95 ${p95.toFixed(2)} ms over 300 reads`)
    expect(median).toBeLessThan(20)
  })
})
