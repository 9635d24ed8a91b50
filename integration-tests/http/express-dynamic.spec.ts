import { appendFileSync } from "node:fs"
import axios from "axios"
import { MARKETS, createProduct } from "../helpers/store"
import { vippsIntegrationSuite } from "../helpers/sandbox"
import { freePort } from "../helpers/free-port"
import { cartSnapshot, createExpressStore, createRequestFor, returnStatus, sessionData, startExpress } from "../helpers/express"

// Express with the dynamic shipping callback: the providers run with express.shipping "dynamic",
// so Medusa must listen where webhookBaseUrl says (the sandbox calls it as Vipps would).
const saved: Record<string, string | undefined> = {}
beforeAll(async () => {
  const port = await freePort()
  for (const [name, value] of Object.entries({
    PORT: String(port),
    VIPPS_WEBHOOK_BASE_URL: `http://localhost:${port}`,
    VIPPS_EXPRESS_SHIPPING: "dynamic",
  })) {
    saved[name] = process.env[name]
    process.env[name] = value
  }
})
afterAll(() => {
  for (const [name, value] of Object.entries(saved)) {
    if (value === undefined) delete process.env[name]
    else process.env[name] = value
  }
})

vippsIntegrationSuite(({ api, getContainer, sandbox }) => {
  describe("Express checkout, dynamic shipping callback", () => {
    it.each([
      ["NOK", MARKETS.NOK, "vipps", "NO", 25, 400, 99, 62375],
      ["DKK", MARKETS.DKK, "mobilepay", "DK", 25, 79.96, 39.2, 14895],
      ["EUR", MARKETS.EUR, "mobilepay_fi", "FI", 25.5, 100, 6, 13303],
    ] as const)(
      "%s: the app asks the shop's callback for the shopper's address, the chosen option is on the order, total exact",
      async (name, market, registration, profile, taxRate, price, home, totalMinor) => {
        const store = await createExpressStore(api, getContainer(), market, { taxRate, home, pickup: 5.9 })
        const [variantId] = await createProduct(api, store, "Votter", [price])
        const started = await startExpress(api, store, { variant_id: variantId, quantity: 1, region_id: store.regionId })
        expect(started.status).toBe(200)
        const { reference, payment_session_id, cart_id } = started.data

        const create = await createRequestFor(sandbox(), reference)
        expect(create.body.profile).toEqual({ scope: "name address email phoneNumber" })
        expect(create.body.shipping.fixedOptions).toBeUndefined()
        expect(create.body.shipping.allowedCountries).toBeUndefined() // one country: Vipps's default (the currency's)
        expect(create.body.shipping.dynamicOptions.callbackUrl).toBe(`${process.env.VIPPS_WEBHOOK_BASE_URL}/hooks/vipps/${registration}/shipping`)
        const session = await sessionData(getContainer(), payment_session_id)
        expect(create.body.shipping.dynamicOptions.callbackAuthorizationToken).toBe(session.data.express.callback_token)
        expect(session.data.express.callback_token).toMatch(/^[a-zA-Z0-9-]{1,50}$/)

        await sandbox().act(reference, "approve", { profile, shippingOptionId: store.home })
        const { data: atVipps } = await sandbox().http.get(`/_sandbox/payments/${encodeURIComponent(reference)}`)
        expect(atVipps.shippingCallbacks.map((c: any) => c.status)).toContain(200)
        appendFileSync("/tmp/express-callback-ms.txt", `${name} ${atVipps.shippingCallbacks.map((c: any) => c.durationMs).join(",")}\n`)
        expect(atVipps.aggregate.authorizedAmount.value).toBe(totalMinor)

        const status = await returnStatus(api, store, reference, session.data.return_token)
        expect(status.status).toBe("completed")
        const after = await cartSnapshot(api, store, cart_id)
        expect(Math.round(after.total * 100)).toBe(totalMinor)
        expect(after.shipping_methods.map((m: any) => m.shipping_option_id)).toEqual([store.home])
        expect(after.shipping_address.postal_code).toBe(atVipps.shippingDetails.address.postCode)
        expect(after.shipping_address.phone).toBe(`+${atVipps.userDetails.mobileNumber}`)
      }
    )

    it("a region of several countries: shipping.allowedCountries lists them (the app lets the shopper pick an address there)", async () => {
      const store = await createExpressStore(api, getContainer(), MARKETS.NOK, { taxRate: 25, home: 99, pickup: 5.9 })
      await api.post(`/admin/regions/${store.regionId}`, { countries: ["no", "se", "dk"] }, store.admin)
      const [variantId] = await createProduct(api, store, "Votter", [400])
      const started = await startExpress(api, store, { variant_id: variantId, quantity: 1, region_id: store.regionId })
      expect(started.status).toBe(200)
      const create = await createRequestFor(sandbox(), started.data.reference)
      expect([...create.body.shipping.allowedCountries].sort()).toEqual(["DK", "NO", "SE"])
      expect(create.status).toBe(201)
      // The app offers the Danish address now (Vipps's default would allow Norway only).
      const view = (await sandbox().http.get(`/_sandbox/payments/${encodeURIComponent(started.data.reference)}`)).data
      expect(view.shipping.allowedCountries).toEqual(create.body.shipping.allowedCountries)
    })

    it("the callback with a wrong or missing token answers 401 and no options; with the payment's token, Medusa's options fast", async () => {
      const store = await createExpressStore(api, getContainer(), MARKETS.NOK, { taxRate: 25, home: 99, pickup: 49 })
      const [variantId] = await createProduct(api, store, "Sokker", [80])
      const started = await startExpress(api, store, { variant_id: variantId, quantity: 1, region_id: store.regionId })
      const session = await sessionData(getContainer(), started.data.payment_session_id)
      const url = `${api.defaults.baseURL}/hooks/vipps/vipps/shipping`
      const body = { reference: started.data.reference, AddressLine1: "Storgata 1", AddressLine2: null, City: "Oslo", PostCode: "0155", Country: "NO" }
      const call = (authorization?: string, payload: object = body) =>
        axios.post(url, payload, {
          headers: { "content-type": "application/json;charset=UTF-8", ...(authorization === undefined ? {} : { authorization }) },
          validateStatus: () => true,
        })

      for (const answer of [await call(), await call("wrong-token"), await call(session.data.express.callback_token.slice(0, -1) + "x")]) {
        expect(answer.status).toBe(401)
        expect(answer.data.groups).toBeUndefined()
      }
      // Another provider's route with this payment's token: still 401.
      const elsewhere = await axios.post(`${api.defaults.baseURL}/hooks/vipps/mobilepay/shipping`, body, {
        headers: { authorization: session.data.express.callback_token },
        validateStatus: () => true,
      })
      expect(elsewhere.status).toBe(401)

      const startedAt = Date.now()
      const ok = await call(session.data.express.callback_token)
      const ms = Date.now() - startedAt
      expect(ok.status).toBe(200)
      expect(ms).toBeLessThan(3000)
      const offered = ok.data.groups.flatMap((g: any) => g.options).map((o: any) => [o.id, o.amount.value]).sort((a: any, b: any) => a[1] - b[1])
      expect(offered).toEqual([[store.shippingOptionId, 0], [store.pickup, 6125], [store.home, 12375]])

      const abroad = await call(session.data.express.callback_token, { ...body, Country: "SE" })
      expect(abroad.status).toBe(200)
      expect(abroad.data.groups).toEqual([])
      // The session survived the callbacks (same reference, still pending).
      expect((await sessionData(getContainer(), started.data.payment_session_id)).data.reference).toBe(started.data.reference)
    })
  })
})
