// Contract test: drives the sandbox over real HTTP and validates every request and response
// against the official Vipps OpenAPI documents (../shared/vipps/*.yaml).
import { randomUUID } from "node:crypto"
import { DEFAULT_MERCHANTS, startSandbox, type Sandbox } from "../../src/sandbox"
import { OpenApiValidator } from "./openapi-validator"
import { SpecClient } from "./spec-client"

jest.setTimeout(30_000)

const NOK = DEFAULT_MERCHANTS[0]
const DKK = DEFAULT_MERCHANTS[1]
const ref = (tag: string) => `ct-${tag}-${randomUUID().slice(0, 8)}`
const errorCode = (body: any) => body?.extraDetails?.find((d: any) => d.name === "ErrorCode")?.reason // eslint-disable-line @typescript-eslint/no-explicit-any

describe("sandbox vs official OpenAPI documents", () => {
  let sandbox: Sandbox
  let validator: OpenApiValidator
  let api: SpecClient

  beforeAll(async () => {
    validator = new OpenApiValidator()
    sandbox = await startSandbox({ rateLimits: false })
    api = new SpecClient(sandbox.url, validator, NOK)
    await api.fetchToken()
  })

  afterAll(async () => {
    await sandbox?.close()
  })

  afterEach(() => {
    // Every exchange of the test must have matched the spec.
    const v = api.violations.splice(0)
    expect(v).toEqual([])
  })

  const control = async (method: string, path: string, body?: unknown) => {
    const r = await fetch(`${sandbox.url}/_sandbox${path}`, {
      method,
      headers: body === undefined ? {} : { "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    })
    return { status: r.status, body: await r.json() }
  }

  const createBody = (reference: string, extra: Record<string, unknown> = {}) => ({
    amount: { value: 49900, currency: "NOK" },
    paymentMethod: { type: "WALLET" },
    reference,
    userFlow: "WEB_REDIRECT",
    returnUrl: `https://shop.example/return?reference=${reference}`,
    paymentDescription: "Contract test socks",
    ...extra,
  })

  const createAuthorized = async (value = 10000) => {
    const reference = ref("auth")
    const r = await api.call("POST", "/epayment/v1/payments", { body: createBody(reference, { amount: { value, currency: "NOK" } }), idempotencyKey: `create-${reference}` })
    expect(r.status).toBe(201)
    expect((await control("POST", `/payments/${reference}/approve`)).status).toBe(200)
    return reference
  }

  describe("validator sanity (the contract must be able to fail)", () => {
    it("rejects drifted response bodies and undeclared statuses", () => {
      const good = {
        aggregate: { authorizedAmount: { currency: "NOK", value: 0 }, cancelledAmount: { currency: "NOK", value: 0 }, capturedAmount: { currency: "NOK", value: 0 }, refundedAmount: { currency: "NOK", value: 0 } },
        amount: { currency: "NOK", value: 1000 },
        state: "CREATED",
        paymentMethod: { type: "WALLET" },
        profile: {},
        pspReference: "123",
        reference: "abcdefgh-1",
        metadata: null,
      }
      const p = "/epayment/v1/payments/abcdefgh-1"
      expect(validator.validateResponse("GET", p, 200, "application/json", good, "")).toEqual([])
      expect(validator.validateResponse("GET", p, 200, "application/json", { ...good, state: "CAPTURED" }, "")).not.toEqual([])
      const { aggregate: _a, ...noAggregate } = good
      expect(validator.validateResponse("GET", p, 200, "application/json", noAggregate, "")).not.toEqual([])
      expect(validator.validateResponse("GET", p, 200, "application/json", { ...good, amount: { currency: "NOK", value: "1000" } }, "")).not.toEqual([])
      expect(validator.validateResponse("GET", p, 200, "text/plain", good, "")).not.toEqual([])
      expect(validator.validateResponse("POST", "/epayment/v1/payments", 418, "application/problem+json", {}, "")).not.toEqual([])
      expect(validator.validateResponse("POST", "/epayment/v1/payments", 200, "application/json", { reference: "abcdefgh-1" }, "")).not.toEqual([])
      expect(validator.validateResponse("POST", "/epayment/v1/payments", 400, "application/problem+json", { title: "x", status: 400 }, "")).not.toEqual([])
      expect(validator.validateResponse("POST", "/epayment/v1/payments", 201, "application/json", { reference: "abcdefgh-1", redirectUrl: "not a uri" }, "")).not.toEqual([])
      expect(validator.validateRequest("POST", "/epayment/v1/payments", { "Ocp-Apim-Subscription-Key": "k", "Merchant-Serial-Number": "100001", "Idempotency-Key": "x" }, { amount: { value: 1.5, currency: "NOK" }, paymentMethod: { type: "WALLET" }, reference: "abcdefgh-1", userFlow: "WEB_REDIRECT" })).not.toEqual([])
      expect(validator.validateRequest("POST", "/epayment/v1/payments", {}, createBody("abcdefgh-1"))).toEqual(expect.arrayContaining([expect.stringContaining("Idempotency-Key")]))
      expect(validator.findOperation("GET", "/epayment/v1/nope")).toBeUndefined()
    })
  })

  describe("access token", () => {
    it("issues a spec-shaped token and rejects wrong credentials with 401", async () => {
      const r = await api.fetchToken()
      expect(r.body.token_type).toBe("Bearer")
      expect(r.body.access_token.split(".")).toHaveLength(3)
      expect(Number(r.body.expires_on) - Number(r.body.not_before)).toBe(3600)
      const bad = await api.call("POST", "/accessToken/get", {
        auth: false,
        headers: { client_id: NOK.clientId, client_secret: "wrong", "Ocp-Apim-Subscription-Key": NOK.subscriptionKey },
      })
      expect(bad.status).toBe(401)
    })

    it("rejects API calls without a valid bearer token or with a foreign MSN", async () => {
      const reference = ref("auth")
      const noToken = await api.call("GET", `/epayment/v1/payments/${reference}`, { headers: { Authorization: "Bearer nope" } })
      expect(noToken.status).toBe(401)
      // 403 is declared for create (GET declares no 403, so the foreign-MSN GET lives in the unit tests)
      const foreign = await api.call("POST", "/epayment/v1/payments", { body: createBody(reference), idempotencyKey: "foreign", headers: { "Merchant-Serial-Number": DKK.msn } })
      expect(foreign.status).toBe(403)
    })
  })

  describe("create + get + events for each userFlow", () => {
    it.each([
      ["WEB_REDIRECT", {}, "/landing\\?token="],
      ["NATIVE_REDIRECT", { returnUrl: "myshopapp://vipps/return" }, "vipps://token="],
      ["QR", { qrFormat: { format: "IMAGE/SVG+XML", size: 1024 } }, "/qr/v1\\?token="],
      ["PUSH_MESSAGE", { customer: { phoneNumber: "4791234567" }, returnUrl: undefined }, null],
    ])("%s", async (userFlow, extra, redirect) => {
      const reference = ref(String(userFlow).toLowerCase().replace("_", ""))
      const body = JSON.parse(JSON.stringify(createBody(reference, { userFlow, metadata: { orderId: "o1" }, ...extra })))
      // the validator must also catch two customer identifiers at once (spec: exactly one)
      expect(validator.validateRequest("POST", "/epayment/v1/payments", {}, { ...body, customer: { phoneNumber: "4791234567", personalQr: "https://qr.vipps.no/p/x" } }).join()).toMatch(/oneOf/)
      const c = await api.call("POST", "/epayment/v1/payments", { body, idempotencyKey: `create-${reference}` })
      expect(c.status).toBe(201)
      expect(c.body.reference).toBe(reference)
      // landing page, app deep link (spec example vipps://token=…), QR image URL, none (spec CreatePaymentResponse)
      if (redirect) expect(c.body.redirectUrl).toMatch(new RegExp(`^${redirect.startsWith("/") ? sandbox.url : ""}${redirect}`))
      else expect(c.body.redirectUrl).toBeUndefined()
      const g = await api.call("GET", `/epayment/v1/payments/${reference}`)
      expect(g.status).toBe(200)
      expect(g.body).toMatchObject({ state: "CREATED", amount: { value: 49900, currency: "NOK" }, metadata: { orderId: "o1" } })
      const e = await api.call("GET", `/epayment/v1/payments/${reference}/events`)
      expect(e.body.map((x: any) => x.name)).toEqual(["CREATED"]) // eslint-disable-line @typescript-eslint/no-explicit-any
      expect(e.body[0].idempotencyKey).toBe(`create-${reference}`)
    })

    it("DKK merchant creates in DKK with minimum 1 øre", async () => {
      const dk = new SpecClient(sandbox.url, validator, DKK)
      await dk.fetchToken()
      const reference = ref("dkk")
      const c = await dk.call("POST", "/epayment/v1/payments", { body: createBody(reference, { amount: { value: 1, currency: "DKK" } }), idempotencyKey: `c-${reference}` })
      expect(c.status).toBe(201)
      expect(dk.violations).toEqual([])
    })
  })

  describe("approve, capture, refund, cancel", () => {
    it("approves via the test approve endpoint with the redirect token", async () => {
      const reference = ref("force")
      const c = await api.call("POST", "/epayment/v1/payments", { body: createBody(reference, { profile: { scope: "name phoneNumber" } }), idempotencyKey: `c-${reference}` })
      const token = new URL(c.body.redirectUrl).searchParams.get("token")
      const a = await api.call("POST", `/epayment/v1/test/payments/${reference}/approve`, { body: { token } })
      expect(a.status).toBe(200)
      expect(a.raw).toBe("")
      const g = await api.call("GET", `/epayment/v1/payments/${reference}`)
      expect(g.body.state).toBe("AUTHORIZED")
      expect(g.body.aggregate.authorizedAmount.value).toBe(49900)
      expect(typeof g.body.profile.sub).toBe("string")
      expect(g.body.redirectUrl).toBeUndefined()
    })

    it("partial + full capture, partial + full refund, with exact aggregates and events", async () => {
      const reference = await createAuthorized(10000)
      const cap = (value: number, key: string) => api.call("POST", `/epayment/v1/payments/${reference}/capture`, { body: { modificationAmount: { value, currency: "NOK" } }, idempotencyKey: key })
      const ref_ = (value: number, key: string) => api.call("POST", `/epayment/v1/payments/${reference}/refund`, { body: { modificationAmount: { value, currency: "NOK" } }, idempotencyKey: key })

      const c1 = await cap(4000, "cap-1")
      expect(c1.status).toBe(200)
      expect(c1.body.aggregate.capturedAmount.value).toBe(4000)
      const tooHigh = await cap(6001, "cap-2")
      expect([tooHigh.status, errorCode(tooHigh.body)]).toEqual([400, "6090"])
      const c2 = await cap(6000, "cap-3")
      expect(c2.body.aggregate.capturedAmount.value).toBe(10000)
      expect(c2.body.state).toBe("AUTHORIZED")

      const r1 = await ref_(2500, "ref-1")
      expect(r1.body.aggregate.refundedAmount.value).toBe(2500)
      const over = await ref_(7501, "ref-2")
      expect([over.status, errorCode(over.body)]).toEqual([400, "6150"])
      const r2 = await ref_(7500, "ref-3")
      expect(r2.body.aggregate.refundedAmount.value).toBe(10000)

      const cancel = await api.call("POST", `/epayment/v1/payments/${reference}/cancel`, { idempotencyKey: "cancel-1" })
      expect([cancel.status, errorCode(cancel.body)]).toEqual([400, "6040"])

      const events = await api.call("GET", `/epayment/v1/payments/${reference}/events`)
      // refused operations are logged too, with success: false (NOTES §3.4)
      const expected = "CREATED:10000:true AUTHORIZED:10000:true CAPTURED:4000:true CAPTURED:6001:false CAPTURED:6000:true REFUNDED:2500:true REFUNDED:7501:false REFUNDED:7500:true CANCELLED:0:false"
      expect(events.body.map((e: any) => `${e.name}:${e.amount.value}:${e.success}`)).toEqual(expected.split(" ")) // eslint-disable-line @typescript-eslint/no-explicit-any
      expect(events.body.find((e: any) => e.amount.value === 6001).idempotencyKey).toBe("cap-2") // eslint-disable-line @typescript-eslint/no-explicit-any
      expect(new Set(events.body.map((e: any) => e.pspReference)).size).toBe(9) // eslint-disable-line @typescript-eslint/no-explicit-any
      expect(events.body.find((e: any) => e.name === "CAPTURED").idempotencyKey).toBe("cap-1") // eslint-disable-line @typescript-eslint/no-explicit-any
    })

    it("capture errors 6260 (HTTP 400) and 6280 (HTTP 500) are spec-shaped problems with an ErrorCode; 6280 does not spend the key", async () => {
      const reference = await createAuthorized(10000)
      const cap = (key: string) => api.call("POST", `/epayment/v1/payments/${reference}/capture`, { body: { modificationAmount: { value: 1000, currency: "NOK" } }, idempotencyKey: key })
      expect((await control("POST", `/payments/${reference}/capture-error`, { code: "6280", count: 1 })).status).toBe(200)
      const transient = await cap("cap-6280")
      expect([transient.status, errorCode(transient.body), transient.body.title]).toEqual([500, "6280", "Capture failed, please try again later"])
      expect((await cap("cap-6280")).status).toBe(200)
      expect((await control("POST", `/payments/${reference}/capture-error`, { code: "6260" })).status).toBe(200)
      const final = await cap("cap-6260")
      expect([final.status, errorCode(final.body), final.body.title]).toEqual([400, "6260", "Funds unavailable"])
      expect(final.body.traceId).toEqual(expect.any(String))
    })

    it("cancel before capture releases everything; cancel after partial capture releases the remainder", async () => {
      const a = await createAuthorized(5000)
      const c = await api.call("POST", `/epayment/v1/payments/${a}/cancel`, { body: { cancelTransactionOnly: false }, idempotencyKey: "cx" })
      expect(c.status).toBe(200)
      expect(c.body.aggregate.cancelledAmount.value).toBe(5000)
      const afterCancel = await api.call("POST", `/epayment/v1/payments/${a}/capture`, { body: { modificationAmount: { value: 100, currency: "NOK" } }, idempotencyKey: "k" })
      expect([afterCancel.status, errorCode(afterCancel.body)]).toEqual([400, "6070"])

      const b = await createAuthorized(5000)
      await api.call("POST", `/epayment/v1/payments/${b}/capture`, { body: { modificationAmount: { value: 1200, currency: "NOK" } }, idempotencyKey: "cap" })
      const only = await api.call("POST", `/epayment/v1/payments/${b}/cancel`, { body: { cancelTransactionOnly: true }, idempotencyKey: "c-only" })
      expect([only.status, errorCode(only.body)]).toEqual([400, "6060"])
      const c2 = await api.call("POST", `/epayment/v1/payments/${b}/cancel`, { idempotencyKey: "c-b" })
      expect(c2.body.aggregate).toMatchObject({ capturedAmount: { value: 1200 }, cancelledAmount: { value: 3800 } })

      const created = ref("term")
      await api.call("POST", "/epayment/v1/payments", { body: createBody(created), idempotencyKey: `c-${created}` })
      const t = await api.call("POST", `/epayment/v1/payments/${created}/cancel`)
      expect(t.body.state).toBe("TERMINATED")
      const ev = await api.call("GET", `/epayment/v1/payments/${created}/events`)
      expect(ev.body.map((e: any) => e.name)).toEqual(["CREATED", "TERMINATED"]) // eslint-disable-line @typescript-eslint/no-explicit-any
    })
  })

  describe("errors", () => {
    it("5040 wrong currency, 6010 too small, field validation, 404 unknown reference", async () => {
      const cur = await api.call("POST", "/epayment/v1/payments", { body: createBody(ref("cur"), { amount: { value: 1000, currency: "DKK" } }), idempotencyKey: "cur" })
      expect([cur.status, errorCode(cur.body)]).toEqual([400, "5040"])
      const small = await api.call("POST", "/epayment/v1/payments", { body: createBody(ref("small"), { amount: { value: 99, currency: "NOK" } }), idempotencyKey: "small" })
      expect([small.status, errorCode(small.body)]).toEqual([400, "6010"])
      const badRef = await api.call("POST", "/epayment/v1/payments", { body: createBody("bad_ref!"), idempotencyKey: "badref", invalidRequest: true })
      expect(badRef.status).toBe(400)
      expect(badRef.body.extraDetails.map((d: any) => d.name)).toContain("reference") // eslint-disable-line @typescript-eslint/no-explicit-any
      const noReturn = await api.call("POST", "/epayment/v1/payments", { body: createBody(ref("noret"), { returnUrl: undefined }), idempotencyKey: "noret" })
      expect(noReturn.body.extraDetails.map((d: any) => d.name)).toContain("returnUrl") // eslint-disable-line @typescript-eslint/no-explicit-any
      const missing = await api.call("GET", `/epayment/v1/payments/${ref("missing")}`)
      expect(missing.status).toBe(404)
      expect(missing.headers.get("content-type")).toBe("application/problem+json")
      const missingCapture = await api.call("POST", `/epayment/v1/payments/${ref("missing")}/capture`, { body: { modificationAmount: { value: 100, currency: "NOK" } }, idempotencyKey: "m" })
      expect(missingCapture.status).toBe(404)
      const early = ref("early")
      await api.call("POST", "/epayment/v1/payments", { body: createBody(early), idempotencyKey: `c-${early}` })
      const earlyCap = await api.call("POST", `/epayment/v1/payments/${early}/capture`, { body: { modificationAmount: { value: 100, currency: "NOK" } }, idempotencyKey: "e" })
      expect(errorCode(earlyCap.body)).toBe("6080")
    })

    it("idempotency: identical replay returns the identical body; a different body conflicts with 409", async () => {
      const reference = ref("idem")
      const body = createBody(reference)
      const first = await api.call("POST", "/epayment/v1/payments", { body, idempotencyKey: "idem-1" })
      const replay = await api.call("POST", "/epayment/v1/payments", { body, idempotencyKey: "idem-1" })
      expect(replay.status).toBe(201)
      expect(replay.raw).toBe(first.raw)
      const conflict = await api.call("POST", "/epayment/v1/payments", { body: { ...body, paymentDescription: "changed" }, idempotencyKey: "idem-1" })
      expect([conflict.status, errorCode(conflict.body)]).toEqual([409, "4150"])
      const dupRef = await api.call("POST", "/epayment/v1/payments", { body, idempotencyKey: "idem-2" })
      expect([dupRef.status, errorCode(dupRef.body)]).toEqual([409, "4150"])

      await control("POST", `/payments/${reference}/approve`)
      const capBody = { modificationAmount: { value: 1000, currency: "NOK" } }
      const c1 = await api.call("POST", `/epayment/v1/payments/${reference}/capture`, { body: capBody, idempotencyKey: "cap-idem" })
      const c2 = await api.call("POST", `/epayment/v1/payments/${reference}/capture`, { body: capBody, idempotencyKey: "cap-idem" })
      expect(c2.raw).toBe(c1.raw)
      expect(c2.body.aggregate.capturedAmount.value).toBe(1000)
      const c3 = await api.call("POST", `/epayment/v1/payments/${reference}/capture`, { body: { modificationAmount: { value: 2000, currency: "NOK" } }, idempotencyKey: "cap-idem" })
      expect([c3.status, errorCode(c3.body)]).toEqual([409, "4010"])
      const reserved = await api.call("POST", "/epayment/v1/payments", { body, idempotencyKey: "idem-3" })
      expect([reserved.status, errorCode(reserved.body)]).toEqual([409, "6230"])
    })
  })

  describe("webhooks API", () => {
    it("registers, lists and deletes", async () => {
      const reg = await api.call("POST", "/webhooks/v1/webhooks", { body: { url: "http://127.0.0.1:9/hook?x=1", events: ["epayments.payment.authorized.v1", "epayments.payment.captured.v1"] } })
      expect(reg.status).toBe(201)
      expect(reg.body.secret.length).toBeGreaterThan(20)
      const list = await api.call("GET", "/webhooks/v1/webhooks")
      expect(list.body.webhooks).toEqual([{ id: reg.body.id, url: "http://127.0.0.1:9/hook?x=1", events: ["epayments.payment.authorized.v1", "epayments.payment.captured.v1"] }])
      const bad = await api.call("POST", "/webhooks/v1/webhooks", { body: { url: "not-a-url", events: [] }, invalidRequest: true })
      expect(bad.status).toBe(400)
      const del = await api.call("DELETE", `/webhooks/v1/webhooks/${reg.body.id}`)
      expect(del.status).toBe(204)
      expect((await api.call("GET", "/webhooks/v1/webhooks")).body.webhooks).toEqual([])
    })
  })

  describe("order management", () => {
    const receipt = {
      orderLines: [{ name: "socks", id: "line-1", totalAmount: 49900, totalAmountExcludingTax: 39920, totalTaxAmount: 9980, taxRate: 2500, unitInfo: { unitPrice: 24950, quantity: "2", quantityUnit: "PCS" } }],
      bottomLine: { currency: "NOK", receiptNumber: "r-1" },
    }

    it("receipt (201, then 409), category, image and get", async () => {
      const reference = await createAuthorized(49900)
      const r1 = await api.call("POST", `/order-management/v2/ecom/receipts/${reference}`, { body: receipt, invalidRequest: true /* lower-case paymentType, as in the docs */ })
      expect(r1.status).toBe(201)
      const r2 = await api.call("POST", `/order-management/v2/ECOM/receipts/${reference}`, { body: receipt })
      expect(r2.status).toBe(409)
      const badReceipt = await api.call("POST", `/order-management/v2/ECOM/receipts/${reference}`, { body: { orderLines: [], bottomLine: {} }, invalidRequest: true })
      expect(badReceipt.status).toBe(400)
      const img = await api.call("POST", "/order-management/v1/images", { body: { imageId: `img-${reference}`, src: Buffer.from("fake-png").toString("base64"), type: "base64" } })
      expect(img.status).toBe(200)
      const cat = await api.call("PUT", `/order-management/v2/ECOM/categories/${reference}`, { body: { category: "ORDER_CONFIRMATION", orderDetailsUrl: "https://shop.example/orders/1", imageId: `img-${reference}` } })
      expect(cat.status).toBe(200)
      const g = await api.call("GET", `/order-management/v2/ECOM/${reference}`)
      expect(g.body).toEqual({ category: { category: "ORDER_CONFIRMATION", orderDetailsUrl: "https://shop.example/orders/1", imageId: `img-${reference}` }, receipt })
      const unknown = await api.call("GET", `/order-management/v2/ECOM/${ref("none")}`)
      expect(unknown.status).toBe(404)
    })
  })

  it("exercised every ePayment / webhooks / order-management operation the sandbox implements", () => {
    const ops = new Set([...validator.covered].map((c) => c.split(" ").slice(0, 2).join(" ")))
    for (const op of [
      "POST /accesstoken/get",
      "POST /epayment/v1/payments",
      "GET /epayment/v1/payments/{Reference}",
      "GET /epayment/v1/payments/{Reference}/events",
      "POST /epayment/v1/payments/{Reference}/cancel",
      "POST /epayment/v1/payments/{Reference}/capture",
      "POST /epayment/v1/payments/{Reference}/refund",
      "POST /epayment/v1/test/payments/{Reference}/approve",
      "POST /webhooks/v1/webhooks",
      "GET /webhooks/v1/webhooks",
      "DELETE /webhooks/v1/webhooks/{id}",
      "POST /order-management/v2/{paymentType}/receipts/{orderId}",
      "PUT /order-management/v2/{paymentType}/categories/{orderId}",
      "GET /order-management/v2/{paymentType}/{orderId}",
      "POST /order-management/v1/images",
    ]) {
      expect(ops).toContain(op)
    }
    expect(api.exchanges).toBeGreaterThan(50)
  })
})
