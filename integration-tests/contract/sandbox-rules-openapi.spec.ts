// Contract test for the stricter sandbox: what it refuses as Vipps does, the flows' redirect URLs
// and the Order Management v3 categories, every exchange validated against the official OpenAPI
// documents (../shared/vipps/*.yaml); and every operation those documents declare answers.
import { randomUUID } from "node:crypto"
import { DEFAULT_MERCHANTS, startSandbox, type Sandbox } from "../../src/sandbox"
import { OpenApiValidator } from "./openapi-validator"
import { SpecClient } from "./spec-client"

jest.setTimeout(30_000)

const NOK = DEFAULT_MERCHANTS[0]
const ref = (tag: string) => `cr-${tag}-${randomUUID().slice(0, 8)}`
const errorCode = (body: any) => body?.extraDetails?.find((d: any) => d.name === "ErrorCode")?.reason // eslint-disable-line @typescript-eslint/no-explicit-any

/**
 * Operations of the documents the sandbox does not serve, and why:
 * - the merchant's dynamic shipping callback is an endpoint of the shop, which Vipps calls;
 * - /miami/v1/token is the "specialized authentication" token (no subscription key) that no
 *   ePayment client (the plugin, the official SDK) uses;
 * - deprecated Order Management v1 orders/receipts are "no longer available" (their tag in the
 *   spec): the sandbox answers them with a 404 that says so.
 */
const NOT_SERVED = ["POST /epayment/merchant-dynamic-shipping-callback", "POST /miami/v1/token"]
const DEPRECATED = ["/order-management/v1/orders/{transactionId}", "/order-management/v1/receipts/{transactionId}"]

describe("stricter sandbox vs official OpenAPI documents", () => {
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
    expect(api.violations.splice(0)).toEqual([])
  })

  const createBody = (reference: string, extra: Record<string, unknown> = {}) => ({
    amount: { value: 10000, currency: "NOK" },
    paymentMethod: { type: "WALLET" },
    reference,
    userFlow: "WEB_REDIRECT",
    returnUrl: `https://shop.example/return?reference=${reference}`,
    paymentDescription: "Contract test",
    ...extra,
  })
  const createAuthorized = async () => {
    const reference = ref("auth")
    expect((await api.call("POST", "/epayment/v1/payments", { body: createBody(reference), idempotencyKey: `create-${reference}` })).status).toBe(201)
    expect((await fetch(`${sandbox.url}/_sandbox/payments/${reference}/approve`, { method: "POST" })).status).toBe(200)
    return reference
  }

  it("refuses a plain-http returnUrl (4090) and answers QR / NATIVE_REDIRECT with spec-shaped redirect URLs", async () => {
    const bad = ref("http")
    const r = await api.call("POST", "/epayment/v1/payments", { body: createBody(bad, { returnUrl: "http://shop.example/return" }), idempotencyKey: `create-${bad}` })
    expect([r.status, errorCode(r.body)]).toEqual([400, "4090"])
    const qr = ref("qr")
    const q = await api.call("POST", "/epayment/v1/payments", { body: createBody(qr, { userFlow: "QR", qrFormat: { format: "IMAGE/PNG", size: 200 } }), idempotencyKey: `create-${qr}` })
    expect(q.body.redirectUrl).toMatch(/\/qr\/v1\?token=/)
    const native = ref("native")
    const n = await api.call("POST", "/epayment/v1/payments", { body: createBody(native, { userFlow: "NATIVE_REDIRECT", returnUrl: "myshopapp://return" }), idempotencyKey: `create-${native}` })
    expect(n.body.redirectUrl).toMatch(/^vipps:\/\/token=/)
  })

  it("a key reused for another payment → 409 4020; refused operations are spec-shaped events with success false", async () => {
    const a = await createAuthorized()
    const b = await createAuthorized()
    const body = { modificationAmount: { value: 100, currency: "NOK" } }
    expect((await api.call("POST", `/epayment/v1/payments/${a}/capture`, { body, idempotencyKey: `capture-${a}` })).status).toBe(200)
    const reused = await api.call("POST", `/epayment/v1/payments/${b}/capture`, { body, idempotencyKey: `capture-${a}` })
    expect([reused.status, errorCode(reused.body)]).toEqual([409, "4020"])
    const tooMuch = await api.call("POST", `/epayment/v1/payments/${b}/capture`, { body: { modificationAmount: { value: 99999, currency: "NOK" } }, idempotencyKey: `capture-${b}` })
    expect(errorCode(tooMuch.body)).toBe("6090")
    const events = await api.call("GET", `/epayment/v1/payments/${b}/events`)
    expect(events.body.map((e: any) => `${e.name}:${e.success}`)).toEqual(["CREATED:true", "AUTHORIZED:true", "CAPTURED:false"]) // eslint-disable-line @typescript-eslint/no-explicit-any
  })

  it("refuses webhook registrations Vipps refuses, with spec-shaped 400s", async () => {
    for (const body of [
      { url: "http://shop.example/hooks", events: ["epayments.payment.captured.v1"] },
      { url: "https://shop.example:9443/hooks", events: ["epayments.payment.captured.v1"] },
      { url: "https://shop.example/hooks", events: ["epayments.payment.unknown.v1"] },
    ]) {
      expect((await api.call("POST", "/webhooks/v1/webhooks", { body })).status).toBe(400)
    }
    const ok = await api.call("POST", "/webhooks/v1/webhooks", { body: { url: "https://shop.example/hooks", events: ["epayments.payment.captured.v1"] } })
    expect(ok.status).toBe(201)
    expect((await api.call("DELETE", `/webhooks/v1/webhooks/${ok.body.id}`)).status).toBe(204)
  })

  it("Order Management v3 categories: add (201), query by orderId, get, delete (then 404)", async () => {
    const reference = await createAuthorized()
    const add = await api.call("POST", "/order-management/v3/categories", { body: { orderId: reference, paymentType: "ECOM", type: "RECEIPT", url: "https://shop.example/orders/1" } })
    expect(add.status).toBe(201)
    const second = await api.call("POST", "/order-management/v3/categories", { body: { orderId: reference, paymentType: "ECOM", type: "DELIVERY", url: "https://shop.example/track/1" } })
    expect(second.status).toBe(201)
    const list = await api.call("GET", `/order-management/v3/categories?orderId=${reference}`)
    expect(list.body.categories.map((c: any) => c.type)).toEqual(["RECEIPT", "DELIVERY"]) // eslint-disable-line @typescript-eslint/no-explicit-any
    const one = await api.call("GET", `/order-management/v3/categories/${add.body.categoryId}`)
    expect(one.body).toEqual({ categoryId: add.body.categoryId, orderId: reference, paymentType: "ECOM", type: "RECEIPT", url: "https://shop.example/orders/1" })
    expect((await api.call("DELETE", `/order-management/v3/categories/${add.body.categoryId}`)).status).toBe(200)
    expect((await api.call("GET", `/order-management/v3/categories/${add.body.categoryId}`)).status).toBe(404)
    const bad = await api.call("POST", "/order-management/v3/categories", { body: { orderId: reference, paymentType: "ECOM", type: "POSTCARD", url: "https://shop.example" }, invalidRequest: true })
    expect(bad.status).toBe(400)
    const unknownOrder = await api.call("POST", "/order-management/v3/categories", { body: { orderId: ref("none"), paymentType: "ECOM", type: "RECEIPT", url: "https://shop.example" } })
    expect(unknownOrder.status).toBe(400)
  })

  it("every operation of the documents answers (no 'no route' 404), except the ones listed as not served", async () => {
    const missing: string[] = []
    for (const op of validator.operations()) {
      const [method, template] = op.split(" ")
      if (NOT_SERVED.includes(op) || DEPRECATED.includes(template)) continue
      const path = template.replace(/\{[^}]+\}/g, (p) => (p === "{categoryId}" ? randomUUID() : p === "{paymentType}" ? "ECOM" : "cr-probe-00000001"))
      const r = await fetch(`${sandbox.url}${path}`, {
        method,
        headers: { Authorization: `Bearer ${api.token}`, "Ocp-Apim-Subscription-Key": NOK.subscriptionKey, "Merchant-Serial-Number": NOK.msn, "Content-Type": "application/json" },
        body: method === "GET" || method === "DELETE" ? undefined : "{}",
      })
      const text = await r.text()
      if (/No .*route|Unknown API path|Unknown ePayment path/.test(text)) missing.push(`${op} → ${r.status}`)
    }
    expect(missing).toEqual([])
    for (const deprecated of DEPRECATED) {
      const r = await fetch(`${sandbox.url}${deprecated.replace("{transactionId}", "cr-probe-00000001")}`, { headers: { Authorization: `Bearer ${api.token}`, "Ocp-Apim-Subscription-Key": NOK.subscriptionKey, "Merchant-Serial-Number": NOK.msn } })
      expect([r.status, (await r.json()).detail]).toEqual([404, expect.stringContaining("no longer available")])
    }
  })
})
