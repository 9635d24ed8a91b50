// Express in the sandbox, as Vipps does it ("How Express works", spec CreatePaymentRequest.shipping,
// the merchant dynamic shipping callback, GetPaymentResponse shippingDetails/userDetails):
// create rules, the landing page's profile + shipping steps, the dynamic callback with its token
// and timeout, refusal when the callback gives nothing usable, amounts including shipping.
import http from "node:http"
import type { AddressInfo } from "node:net"
import { startSandbox, DEFAULT_MERCHANTS, type Sandbox } from "../index"
import { apiClient, controlClient, createBody, errorCode, tokenFor, waitFor } from "./helpers"

jest.setTimeout(20_000)

const SCOPE = "name address email phoneNumber"
const group = (options: { id: string; name: string; value: number; currency?: string }[], brand = "POSTEN", type = "HOME_DELIVERY") => ({
  type,
  brand,
  options: options.map((o) => ({ id: o.id, name: o.name, amount: { value: o.value, currency: o.currency ?? "NOK" } })),
})
const FIXED = [group([{ id: "home", name: "Home delivery", value: 9900 }]), group([{ id: "pickup", name: "Pickup point", value: 4900 }], "POSTNORD", "PICKUP_POINT")]

type Answer = { status?: number; body?: unknown; raw?: string; delayMs?: number }

/** A merchant's dynamic shipping callback: records what Vipps (the sandbox) sends, answers what the test says. */
async function merchantCallback() {
  const calls: { headers: http.IncomingHttpHeaders; body: any }[] = [] // eslint-disable-line @typescript-eslint/no-explicit-any
  let answer: Answer = {}
  const server = http.createServer((req, res) => {
    let raw = ""
    req.on("data", (c) => (raw += c))
    req.on("end", () => {
      calls.push({ headers: req.headers, body: JSON.parse(raw) })
      const send = () => {
        if (res.destroyed) return
        res.writeHead(answer.status ?? 200, { "content-type": "application/json" })
        res.end(answer.raw ?? JSON.stringify(answer.body ?? {}))
      }
      if (answer.delayMs) setTimeout(send, answer.delayMs)
      else send()
    })
  })
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r))
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/vipps/shipping`,
    calls,
    answer: (a: Answer) => (answer = a),
    close: () => new Promise<void>((r) => server.close(() => r())),
  }
}

describe("sandbox Express checkout", () => {
  let sandbox: Sandbox
  let api: ReturnType<typeof apiClient>
  let control: ReturnType<typeof controlClient>
  let merchant: Awaited<ReturnType<typeof merchantCallback>>

  beforeAll(async () => {
    sandbox = await startSandbox({ rateLimits: false, shippingCallbackTimeoutMs: 500 })
    api = apiClient(sandbox, await tokenFor(sandbox))
    control = controlClient(sandbox)
    merchant = await merchantCallback()
  })
  afterAll(async () => {
    await sandbox?.close()
    await merchant?.close()
  })
  beforeEach(() => {
    merchant.calls.length = 0
    merchant.answer({ body: { groups: [group([{ id: "so_home", name: "Home delivery Oslo", value: 12900 }, { id: "so_box", name: "Mailbox", value: 3900 }], "BRING", "MAILBOX")] } })
  })

  const create = (reference: string, extra: Record<string, unknown>, value = 10000) =>
    api("POST", "/epayment/v1/payments", { ...createBody(reference, value), profile: { scope: SCOPE }, ...extra }, { "Idempotency-Key": `create-${reference}` })
  const dynamic = (token?: string) => ({ shipping: { dynamicOptions: { callbackUrl: merchant.url, ...(token ? { callbackAuthorizationToken: token } : {}) }, allowedCountries: ["NO", "DK", "FI"] } })
  const get = (reference: string) => api("GET", `/epayment/v1/payments/${reference}`)

  describe("create follows Vipps's Express rules", () => {
    it("accepts fixed options and dynamic options with the four Express scopes", async () => {
      expect((await create("exp-create-fixed", { shipping: { fixedOptions: FIXED } })).status).toBe(201)
      expect((await create("exp-create-dyn", dynamic("tok-123"))).status).toBe(201)
    })

    it("refuses both kinds at once, neither, and a wrong profile scope", async () => {
      const both = await create("exp-create-both", { shipping: { fixedOptions: FIXED, dynamicOptions: { callbackUrl: merchant.url } } })
      expect([both.status, both.body.extraDetails[0].name]).toEqual([400, "shipping"])
      expect((await create("exp-create-none", { shipping: {} })).status).toBe(400)
      const noScope = await api("POST", "/epayment/v1/payments", { ...createBody("exp-create-noscope"), shipping: { fixedOptions: FIXED } }, { "Idempotency-Key": "k-noscope" })
      expect([noScope.status, errorCode(noScope.body)]).toEqual([400, "4080"])
      // The current rule (Vipps, Aug–Oct 2026): `address` plus what the shop needs, not exactly four words.
      const noAddress = await create("exp-create-fewer", { profile: { scope: "name email phoneNumber" }, shipping: { fixedOptions: FIXED } })
      expect([noAddress.status, errorCode(noAddress.body)]).toEqual([400, "4080"])
      expect((await create("exp-create-more", { profile: { scope: `${SCOPE} birthDate` }, shipping: { fixedOptions: FIXED } })).status).toBe(201)
      expect((await create("exp-create-address", { profile: { scope: "address" }, shipping: { fixedOptions: FIXED } })).status).toBe(201)
      const unknown = await create("exp-create-unknown", { profile: { scope: "address shoeSize" }, shipping: { fixedOptions: FIXED } })
      expect([unknown.status, errorCode(unknown.body)]).toEqual([400, "4080"])
    })

    it("refuses malformed groups, options in another currency, a bad token and a callback URL Vipps cannot call", async () => {
      const badGroup = await create("exp-create-badgroup", { shipping: { fixedOptions: [{ type: "TELEPORT", brand: "POSTEN", options: [] }] } })
      expect(badGroup.status).toBe(400)
      expect(badGroup.body.extraDetails.map((d: { name: string }) => d.name)).toEqual(["shipping.fixedOptions[0].type", "shipping.fixedOptions[0].options"])
      const eur = await create("exp-create-eur", { shipping: { fixedOptions: [group([{ id: "a", name: "A", value: 100, currency: "EUR" }])] } })
      expect([eur.status, eur.body.extraDetails[0].name]).toEqual([400, "shipping.fixedOptions[0].options[0].amount.currency"])
      const dupIds = await create("exp-create-dup", { shipping: { fixedOptions: [group([{ id: "a", name: "A", value: 1 }]), group([{ id: "a", name: "B", value: 2 }])] } })
      expect(dupIds.status).toBe(400)
      const token = await create("exp-create-token", dynamic("not a token!"))
      expect([token.status, token.body.extraDetails[0].name]).toEqual([400, "shipping.dynamicOptions.callbackAuthorizationToken"])
      const plainHttp = await create("exp-create-http", { shipping: { dynamicOptions: { callbackUrl: "http://shop.example/shipping" } } })
      expect([plainHttp.status, errorCode(plainHttp.body)]).toEqual([400, "4090"])
      const oddPort = await create("exp-create-port", { shipping: { dynamicOptions: { callbackUrl: "https://shop.example:9000/shipping" } } })
      expect([oddPort.status, errorCode(oddPort.body)]).toEqual([400, "4090"])
      const card = await create("exp-create-card", { paymentMethod: { type: "CARD" }, shipping: { fixedOptions: FIXED } })
      expect([card.status, errorCode(card.body)]).toEqual([400, "4160"])
    })

    it("a sales unit without Express answers 5020", async () => {
      const noExpress = await startSandbox({ rateLimits: false, merchants: [{ ...DEFAULT_MERCHANTS[0], express: false }] })
      try {
        const api2 = apiClient(noExpress, await tokenFor(noExpress))
        const r = await api2("POST", "/epayment/v1/payments", { ...createBody("exp-no-express"), profile: { scope: SCOPE }, shipping: { fixedOptions: FIXED } }, { "Idempotency-Key": "k-5020" })
        expect([r.status, errorCode(r.body)]).toEqual([403, "5020"])
      } finally {
        await noExpress.close()
      }
    })
  })

  describe("allowedCountries (Vipps, May 2026)", () => {
    it("must be distinct ISO alpha-2 codes; the app offers only addresses there, by default the currency's country", async () => {
      for (const bad of [[], ["no"], ["NO", "NO"], ["NOR"], "NO"]) {
        const r = await create(`exp-ac-bad-${Math.random().toString(36).slice(2, 8)}`, { shipping: { fixedOptions: FIXED, allowedCountries: bad } })
        expect([r.status, r.body.extraDetails?.[0]?.name]).toEqual([400, "shipping.allowedCountries"])
      }
      await create("exp-ac-default", { shipping: { fixedOptions: FIXED } })
      const refused = await control("POST", "/payments/exp-ac-default/approve", { profile: "DK" })
      expect(refused.status).toBe(400)
      expect(refused.body.detail).toMatch(/does not ship to DK \(allowed: NO\)/)
      const page = await (await fetch(`${sandbox.url}/landing?token=${(await control("GET", "/payments/exp-ac-default")).body.redirectToken}`)).text()
      expect(page).toContain('id="profile-NO"')
      expect(page).not.toContain('id="profile-DK"')
      expect((await control("POST", "/payments/exp-ac-default/approve", { profile: "NO" })).status).toBe(200)

      await create("exp-ac-se-dk", { shipping: { fixedOptions: FIXED, allowedCountries: ["SE", "DK"] } })
      expect((await control("POST", "/payments/exp-ac-se-dk/approve", { profile: "NO" })).status).toBe(400)
      expect((await control("POST", "/payments/exp-ac-se-dk/approve", { profile: "DK" })).status).toBe(200)
    })
  })

  describe("fixed options", () => {
    it("approve with a profile and an option authorizes amount + shipping; GET has shippingDetails and userDetails", async () => {
      await create("exp-fixed-1", { shipping: { fixedOptions: FIXED, allowedCountries: ["NO", "DK"] } })
      expect((await get("exp-fixed-1")).body.shippingDetails).toBeUndefined()
      const approved = await control("POST", "/payments/exp-fixed-1/approve", { profile: "DK", shippingOptionId: "pickup" })
      expect(approved.status).toBe(200)
      const g = (await get("exp-fixed-1")).body
      expect(g.amount).toEqual({ value: 10000, currency: "NOK" })
      expect(g.aggregate.authorizedAmount).toEqual({ value: 14900, currency: "NOK" })
      expect(g.shippingDetails).toEqual({
        address: { addressLine1: "Vesterbrogade 12, 2. th.", city: "København V", postCode: "1620", country: "DK" },
        shippingCost: 4900,
        shippingOptionId: "pickup",
        shippingOptionName: "Pickup point",
      })
      expect(g.userDetails).toMatchObject({ firstName: "Mette", lastName: "Hansen", email: "mette.hansen@example.dk", mobileNumber: "4520123456" })
      expect(typeof g.profile.sub).toBe("string")
      const events = (await api("GET", "/epayment/v1/payments/exp-fixed-1/events")).body
      expect(events.find((e: { name: string }) => e.name === "AUTHORIZED").amount.value).toBe(14900)
      // capture is bounded by what was authorized, shipping included
      const cap = await api("POST", "/epayment/v1/payments/exp-fixed-1/capture", { modificationAmount: { value: 14900, currency: "NOK" } }, { "Idempotency-Key": "cap-exp-fixed-1" })
      expect([cap.status, cap.body.aggregate.capturedAmount.value]).toEqual([200, 14900])
    })

    it("defaults: the profile of the payment's market and the first option; an unknown option is refused", async () => {
      await create("exp-fixed-2", { shipping: { fixedOptions: FIXED } })
      const unknown = await control("POST", "/payments/exp-fixed-2/approve", { shippingOptionId: "drone" })
      expect(unknown.status).toBe(400)
      expect(unknown.body.detail).toMatch(/drone is not among the options offered \(home, pickup\)/)
      expect((await control("POST", "/payments/exp-fixed-2/approve", { profile: "SE" })).status).toBe(400)
      expect((await control("GET", "/payments/exp-fixed-2")).body.state).toBe("CREATED")
      await control("POST", "/payments/exp-fixed-2/approve")
      const g = (await get("exp-fixed-2")).body
      expect([g.shippingDetails.shippingOptionId, g.shippingDetails.address.country, g.userDetails.firstName]).toEqual(["home", "NO", "Kari"])
      expect(g.aggregate.authorizedAmount.value).toBe(19900)
    })

    it.each([
      ["DKK", DEFAULT_MERCHANTS[1], "DK", "Mette", 3900],
      ["EUR", DEFAULT_MERCHANTS[2], "FI", "Aino", 490],
    ] as const)("%s (scopes in another order): the market's profile by default, amount + shipping authorized in minor units", async (currency, m, country, firstName, shipping) => {
      const api2 = apiClient(sandbox, await tokenFor(sandbox, m), m)
      const groups = [group([{ id: "std", name: "Standard", value: shipping, currency }], "POSTNORD")]
      const body = { ...createBody(`exp-${currency}-1`, 6990), amount: { value: 6990, currency }, profile: { scope: "phoneNumber email address name" }, shipping: { fixedOptions: groups } }
      expect((await api2("POST", "/epayment/v1/payments", body, { "Idempotency-Key": `k-${currency}` })).status).toBe(201)
      expect((await control("POST", `/payments/exp-${currency}-1/approve`, { msn: m.msn })).status).toBe(200)
      const g = (await api2("GET", `/epayment/v1/payments/exp-${currency}-1`)).body
      expect([g.aggregate.authorizedAmount, g.shippingDetails.address.country, g.userDetails.firstName]).toEqual([{ value: 6990 + shipping, currency }, country, firstName])
    })

    it("force approve (test API) is not for Express", async () => {
      await create("exp-force-1", { shipping: { fixedOptions: FIXED } })
      const r = await api("POST", "/epayment/v1/test/payments/exp-force-1/approve", {})
      expect([r.status, errorCode(r.body)]).toEqual([400, "10060"])
    })

    it("profile/shippingOptionId on a payment that is not Express is a mistake", async () => {
      await api("POST", "/epayment/v1/payments", createBody("exp-plain-1"), { "Idempotency-Key": "k-plain-1" })
      expect((await control("POST", "/payments/exp-plain-1/approve", { profile: "NO" })).status).toBe(400)
    })
  })

  describe("dynamic options: the merchant's callback", () => {
    it("is called with the address and the token as Authorization, and its option is authorized", async () => {
      await create("exp-dyn-1", dynamic("tok-abc-123"))
      const r = await control("POST", "/payments/exp-dyn-1/approve", { profile: "NO", shippingOptionId: "so_box" })
      expect(r.status).toBe(200)
      expect(merchant.calls).toHaveLength(1)
      expect(merchant.calls[0].headers.authorization).toBe("tok-abc-123")
      expect(merchant.calls[0].headers["content-type"]).toMatch(/^application\/json/)
      expect(merchant.calls[0].body).toEqual({ reference: "exp-dyn-1", AddressLine1: "Robert Levins gate 5", AddressLine2: "Leilighet H0301", City: "Oslo", PostCode: "0154", Country: "NO" })
      const g = (await get("exp-dyn-1")).body
      expect(g.aggregate.authorizedAmount.value).toBe(13900)
      expect(g.shippingDetails).toMatchObject({ shippingCost: 3900, shippingOptionId: "so_box", shippingOptionName: "Mailbox" })
    })

    it("without a token no Authorization header is sent", async () => {
      await create("exp-dyn-notoken", dynamic())
      await control("POST", "/payments/exp-dyn-notoken/approve", { profile: "FI" })
      expect(merchant.calls[0].headers.authorization).toBeUndefined()
      expect(merchant.calls[0].body).toMatchObject({ AddressLine2: null, Country: "FI", PostCode: "00100" })
    })

    it.each([
      ["answers 401", { status: 401, body: { message: "bad token" } }, /HTTP 401/],
      ["answers no groups", { body: { groups: [] } }, /no usable shipping options/],
      ["answers options in another currency", { body: { groups: [group([{ id: "x", name: "X", value: 100, currency: "EUR" }])] } }, /currency must be NOK/],
      ["answers something that is not JSON", { raw: "<html>oops</html>" }, /not JSON/],
      ["does not answer within the timeout", { delayMs: 1500, body: { groups: [] } }, /did not answer within 0.5 s/],
    ])("refuses approval when the callback %s", async (_name, answer, message) => {
      const ref = `exp-dyn-fail-${merchant.calls.length}-${Math.random().toString(36).slice(2, 8)}`
      await create(ref, dynamic("tok-1"))
      merchant.answer(answer as Answer)
      const r = await control("POST", `/payments/${ref}/approve`, {})
      expect(r.status).toBe(502)
      expect(r.body.detail).toMatch(message)
      const p = (await control("GET", `/payments/${ref}`)).body
      expect([p.state, p.aggregate.authorizedAmount.value, p.shippingDetails]).toEqual(["CREATED", 0, null])
      expect(p.shippingCallbacks).toHaveLength(1)
    })

    it("a callback server that is down refuses approval", async () => {
      const down = "http://127.0.0.1:9/nothing-here"
      await api("POST", "/epayment/v1/payments", { ...createBody("exp-dyn-down"), profile: { scope: SCOPE }, shipping: { dynamicOptions: { callbackUrl: down } } }, { "Idempotency-Key": "k-down" })
      const r = await control("POST", "/payments/exp-dyn-down/approve", {})
      expect([r.status, r.body.detail]).toEqual([502, expect.stringMatching(/could not be reached/)])
    })
  })

  describe("landing page", () => {
    const form = (path: string, fields: Record<string, string>) =>
      fetch(`${sandbox.url}${path}`, { method: "POST", redirect: "manual", headers: { "content-type": "application/x-www-form-urlencoded" }, body: new URLSearchParams(fields).toString() })
    const tokenOf = async (ref: string) => (await control("GET", `/payments/${ref}`)).body.redirectToken as string

    it("asks for a profile, shows the callback's options for that address, and approves the chosen one", async () => {
      await create("exp-landing-1", dynamic("tok-land"))
      const token = await tokenOf("exp-landing-1")
      const first = await (await fetch(`${sandbox.url}/landing?token=${token}`)).text()
      expect(first).toContain('id="profile-NO"')
      expect(first).toContain("Kari Nordmann")
      expect(merchant.calls).toHaveLength(0)
      const step2 = await form("/landing/shipping", { token, profile: "DK" })
      const html = await step2.text()
      expect(step2.status).toBe(200)
      expect(html).toContain('value="so_home"')
      expect(html).toContain('value="so_box"')
      expect(merchant.calls[0].body.Country).toBe("DK")
      const approve = await form("/landing/approve", { token, profile: "DK", shippingOptionId: "so_home" })
      expect(approve.status).toBe(303)
      expect(approve.headers.get("location")).toBe("https://shop.example/return?ref=exp-landing-1")
      expect(merchant.calls).toHaveLength(1) // the answer shown is the one approved
      const g = (await get("exp-landing-1")).body
      expect([g.state, g.aggregate.authorizedAmount.value, g.shippingDetails.shippingOptionId, g.userDetails.lastName]).toEqual(["AUTHORIZED", 22900, "so_home", "Hansen"])
    })

    it("shows the shopper why the shop cannot ship, and approves nothing", async () => {
      await create("exp-landing-2", dynamic("tok-land"))
      const token = await tokenOf("exp-landing-2")
      merchant.answer({ status: 500, body: {} })
      const step2 = await form("/landing/shipping", { token, profile: "NO" })
      expect(step2.status).toBe(502)
      expect(await step2.text()).toMatch(/id="shipping-error"[^>]*>We could not continue: the shop answered HTTP 500/)
      const approve = await form("/landing/approve", { token, profile: "NO" })
      expect(approve.status).toBe(502)
      expect((await control("GET", "/payments/exp-landing-2")).body.state).toBe("CREATED")
    })

    it("fixed options: a plain Approve (no fields) takes the defaults; the webhook carries the details", async () => {
      const received: any[] = [] // eslint-disable-line @typescript-eslint/no-explicit-any
      const hook = http.createServer((req, res) => {
        let raw = ""
        req.on("data", (c) => (raw += c))
        req.on("end", () => {
          received.push(JSON.parse(raw))
          res.writeHead(200).end()
        })
      })
      await new Promise<void>((r) => hook.listen(0, "127.0.0.1", r))
      try {
        const url = `http://127.0.0.1:${(hook.address() as AddressInfo).port}/hooks/vipps`
        expect((await api("POST", "/webhooks/v1/webhooks", { url, events: ["epayments.payment.authorized.v1"] })).status).toBe(201)
        await create("exp-landing-3", { shipping: { fixedOptions: FIXED } })
        const token = await tokenOf("exp-landing-3")
        expect((await form("/landing/approve", { token })).status).toBe(303)
        const w = await waitFor(() => received.find((x) => x.reference === "exp-landing-3"))
        expect(w.amount.value).toBe(19900)
        expect(w.shippingDetails.shippingOptionId).toBe("home")
        expect(w.userDetails.email).toBe("kari.nordmann@example.no")
        expect(typeof w.sub).toBe("string")
      } finally {
        await new Promise<void>((r) => hook.close(() => r()))
      }
    })
  })
})
