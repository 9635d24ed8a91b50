// Contract test for Express: create with `shipping` (fixed and dynamic) and `profile.scope`, GET
// payment with `shippingDetails` / `userDetails`, the AUTHORIZED webhook, and the sandbox's own
// call of the merchant dynamic shipping callback — each request and response validated against
// the official ePayment OpenAPI document (../shared/vipps/epayment-openapi.yaml).
import { randomUUID } from "node:crypto"
import http from "node:http"
import type { AddressInfo } from "node:net"
import { DEFAULT_MERCHANTS, startSandbox, type Sandbox } from "../../src/sandbox"
import { OpenApiValidator } from "./openapi-validator"
import { SpecClient } from "./spec-client"

jest.setTimeout(30_000)

const ref = (tag: string) => `cx-${tag}-${randomUUID().slice(0, 8)}`
const SCOPE = "name address email phoneNumber"
const CALLBACK_OP = "/epayment/merchant-dynamic-shipping-callback"
const GROUPS = [
  { type: "HOME_DELIVERY", brand: "POSTEN", isDefault: true, priority: 0, options: [{ id: "so_home", name: "Home delivery", amount: { value: 9900, currency: "NOK" }, estimatedDelivery: "1-2 days" }] },
  { type: "PICKUP_POINT", brand: "POSTNORD", priority: 1, options: [{ id: "so_pickup", name: "Pickup point", amount: { value: 4900, currency: "NOK" }, meta: "Open 8-22" }] },
]

type Received = { path: string; headers: http.IncomingHttpHeaders; body: any } // eslint-disable-line @typescript-eslint/no-explicit-any

describe("sandbox Express vs official OpenAPI document", () => {
  let sandbox: Sandbox
  let validator: OpenApiValidator
  let api: SpecClient
  let shop: http.Server
  let shopUrl = ""
  const received: Received[] = []

  beforeAll(async () => {
    validator = new OpenApiValidator()
    // The shop: answers the dynamic shipping callback and receives webhooks.
    shop = http.createServer((req, res) => {
      let raw = ""
      req.on("data", (c) => (raw += c))
      req.on("end", () => {
        received.push({ path: req.url ?? "", headers: req.headers, body: JSON.parse(raw) })
        if (req.url?.startsWith("/shipping")) {
          res.writeHead(200, { "content-type": "application/json;charset=UTF-8" })
          res.end(JSON.stringify({ groups: GROUPS }))
        } else res.writeHead(200).end()
      })
    })
    await new Promise<void>((r) => shop.listen(0, "127.0.0.1", r))
    shopUrl = `http://127.0.0.1:${(shop.address() as AddressInfo).port}`
    sandbox = await startSandbox({ rateLimits: false })
    api = new SpecClient(sandbox.url, validator, DEFAULT_MERCHANTS[0])
    await api.fetchToken()
    const reg = await api.call("POST", "/webhooks/v1/webhooks", { body: { url: `${shopUrl}/webhooks`, events: ["epayments.payment.authorized.v1"] } })
    expect(reg.status).toBe(201)
  })
  afterAll(async () => {
    await sandbox?.close()
    await new Promise<void>((r) => shop.close(() => r()))
  })
  afterEach(() => {
    expect(api.violations.splice(0)).toEqual([])
  })

  const approve = async (reference: string, body: Record<string, unknown>) => {
    const r = await fetch(`${sandbox.url}/_sandbox/payments/${reference}/approve`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) })
    return { status: r.status, body: await r.json() }
  }
  const createExpress = (reference: string, shipping: unknown) =>
    api.call("POST", "/epayment/v1/payments", {
      idempotencyKey: `create-${reference}`,
      body: {
        amount: { value: 49900, currency: "NOK" },
        paymentMethod: { type: "WALLET" },
        profile: { scope: SCOPE },
        shipping,
        reference,
        userFlow: "WEB_REDIRECT",
        returnUrl: `https://shop.example/return?reference=${reference}`,
        paymentDescription: "Express contract socks",
      },
    })
  const webhookFor = async (reference: string) => {
    for (let i = 0; i < 100; i++) {
      const w = received.find((r) => r.path === "/webhooks" && r.body.reference === reference)
      if (w) return w.body
      await new Promise((r) => setTimeout(r, 30))
    }
    throw new Error(`no webhook for ${reference}`)
  }

  it("the validator knows the Express schemas (the contract must be able to fail)", () => {
    const good = { address: { addressLine1: "Robert Levins gate 5", city: "Oslo", country: "NO", postCode: "0154" }, shippingCost: 9900, shippingOptionId: "a", shippingOptionName: "A" }
    expect(validator.validateComponent("epayment", "ShippingDetails", good)).toEqual([])
    expect(validator.validateComponent("epayment", "ShippingDetails", { ...good, shippingCost: "99" })).not.toEqual([])
    expect(validator.validateComponent("epayment", "UserDetails", { firstName: "Ada", lastName: "L", email: "a@example.com" })).not.toEqual([])
    expect(validator.validateRequest("POST", CALLBACK_OP, { Authorization: "tok" }, { reference: "abcdefgh-1", City: "Oslo" })).not.toEqual([])
    expect(validator.validateRequest("POST", "/epayment/v1/payments", { "Idempotency-Key": "k" }, { amount: { value: 1, currency: "NOK" }, paymentMethod: { type: "WALLET" }, reference: "abcdefgh-1", userFlow: "WEB_REDIRECT", shipping: { fixedOptions: [{ type: "DRONE", brand: "POSTEN", options: [] }] } })).not.toEqual([])
  })

  it("fixed options: create, approve, GET with shippingDetails + userDetails, webhook with both", async () => {
    const reference = ref("fixed")
    expect((await createExpress(reference, { fixedOptions: GROUPS })).status).toBe(201)
    const before = await api.call("GET", `/epayment/v1/payments/${reference}`)
    expect(before.body.shippingDetails).toBeUndefined()
    expect((await approve(reference, { profile: "NO", shippingOptionId: "so_pickup" })).status).toBe(200)
    const g = await api.call("GET", `/epayment/v1/payments/${reference}`)
    expect(g.body.aggregate.authorizedAmount.value).toBe(49900 + 4900)
    expect(g.body.shippingDetails.shippingOptionId).toBe("so_pickup")
    expect(validator.validateComponent("epayment", "ShippingDetails", g.body.shippingDetails)).toEqual([])
    expect(validator.validateComponent("epayment", "UserDetails", g.body.userDetails)).toEqual([])
    const w = await webhookFor(reference)
    expect(validator.validateComponent("epayment", "WebhookEvent", w)).toEqual([])
    expect([w.name, w.amount.value, w.shippingDetails, w.userDetails]).toEqual(["AUTHORIZED", 54800, g.body.shippingDetails, g.body.userDetails])
    const events = await api.call("GET", `/epayment/v1/payments/${reference}/events`)
    expect(events.body.at(-1)).toMatchObject({ name: "AUTHORIZED", amount: { value: 54800, currency: "NOK" }, success: true })
  })

  it("captureGuaranteedUntil (UPDATES-2026, not in spec 1.8.1): absent by default, set by the control API, in GET and the AUTHORIZED webhook, valid against the spec", async () => {
    // GetPaymentResponse and WebhookEvent do not forbid additional properties, so the field is
    // allowed by the 1.8.1 spec; its own shape (an ISO date-time) is checked here.
    const plain = ref("plain")
    const body = (reference: string) => ({ amount: { value: 10000, currency: "NOK" }, paymentMethod: { type: "WALLET" }, reference, userFlow: "WEB_REDIRECT", returnUrl: `https://shop.example/return?reference=${reference}` })
    expect((await api.call("POST", "/epayment/v1/payments", { idempotencyKey: `create-${plain}`, body: body(plain) })).status).toBe(201)
    expect((await approve(plain, {})).status).toBe(200)
    expect((await api.call("GET", `/epayment/v1/payments/${plain}`)).body).not.toHaveProperty("captureGuaranteedUntil")
    expect(await webhookFor(plain)).not.toHaveProperty("captureGuaranteedUntil")

    const guaranteed = ref("guar")
    const until = new Date(Date.now() + 5 * 24 * 3600_000).toISOString()
    expect((await api.call("POST", "/epayment/v1/payments", { idempotencyKey: `create-${guaranteed}`, body: body(guaranteed) })).status).toBe(201)
    const set = await fetch(`${sandbox.url}/_sandbox/payments/${guaranteed}/capture-guarantee`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ until }) })
    expect(set.status).toBe(200)
    // Not before authorization: Vipps gives it with the authorization.
    expect((await api.call("GET", `/epayment/v1/payments/${guaranteed}`)).body).not.toHaveProperty("captureGuaranteedUntil")
    expect((await approve(guaranteed, {})).status).toBe(200)
    const g = await api.call("GET", `/epayment/v1/payments/${guaranteed}`) // validated against GetPaymentResponse by the client
    expect(g.body.captureGuaranteedUntil).toBe(until)
    const w = await webhookFor(guaranteed)
    expect(validator.validateComponent("epayment", "WebhookEvent", w)).toEqual([])
    expect(w.captureGuaranteedUntil).toBe(until)
    expect(Number.isNaN(Date.parse(w.captureGuaranteedUntil))).toBe(false)
  })

  it("dynamic options: the sandbox calls the shop as the spec's callback says, and GET reports the option chosen", async () => {
    const reference = ref("dyn")
    // allowedCountries (Vipps, May 2026; not in spec 1.8.1, whose Shipping allows additional properties).
    const created = await createExpress(reference, { dynamicOptions: { callbackUrl: `${shopUrl}/shipping`, callbackAuthorizationToken: "c0ffee-token-1" }, allowedCountries: ["NO", "FI"] })
    expect(created.status).toBe(201)
    expect((await approve(reference, { profile: "FI", shippingOptionId: "so_pickup" })).status).toBe(200)
    const callbacks = received.filter((r) => r.path === "/shipping" && r.body.reference === reference)
    expect(callbacks).toHaveLength(1)
    const call = callbacks[0]
    const headers = { Authorization: String(call.headers.authorization), "Content-Type": String(call.headers["content-type"]) }
    expect(validator.validateRequest("POST", CALLBACK_OP, headers, call.body)).toEqual([])
    expect(headers.Authorization).toBe("c0ffee-token-1")
    expect(validator.validateResponse("POST", CALLBACK_OP, 200, "application/json;charset=UTF-8", { groups: GROUPS }, "")).toEqual([])
    const g = await api.call("GET", `/epayment/v1/payments/${reference}`)
    expect([g.body.shippingDetails.address.country, g.body.shippingDetails.shippingCost, g.body.userDetails.firstName]).toEqual(["FI", 4900, "Aino"])
  })

  it("dynamic options: approve with the callback's default option", async () => {
    const reference = ref("dyn2")
    await createExpress(reference, { dynamicOptions: { callbackUrl: `${shopUrl}/shipping` }, allowedCountries: ["DK"] })
    expect((await approve(reference, { profile: "DK" })).status).toBe(200)
    const g = await api.call("GET", `/epayment/v1/payments/${reference}`)
    expect(g.body.shippingDetails).toEqual({
      address: { addressLine1: "Vesterbrogade 12, 2. th.", city: "København V", postCode: "1620", country: "DK" },
      shippingCost: 9900,
      shippingOptionId: "so_home",
      shippingOptionName: "Home delivery",
    })
    expect(g.body.aggregate.authorizedAmount.value).toBe(59800)
    const call = received.find((r) => r.path === "/shipping" && r.body.reference === reference)!
    expect(call.headers.authorization).toBeUndefined()
    expect(validator.validateRequest("POST", CALLBACK_OP, { "Content-Type": String(call.headers["content-type"]) }, call.body)).toEqual([])
  })
})
