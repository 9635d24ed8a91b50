// Contract test for freestanding card payments in the sandbox (UPDATES-2026 "Freestanding card
// payments"): create with `paymentMethod.type: "CARD"`, GET with `paymentMethod.cardBin` once
// the shopper paid on the card form, and the refusals (CARD with another userFlow: 4160; a sales
// unit without card permission: 5070), every exchange validated against the official spec.
import { randomUUID } from "node:crypto"
import { DEFAULT_MERCHANTS, startSandbox, type Sandbox } from "../../src/sandbox"
import { OpenApiValidator } from "./openapi-validator"
import { SpecClient } from "./spec-client"

jest.setTimeout(30_000)

const NOK = DEFAULT_MERCHANTS[0]
const ref = (tag: string) => `card-${tag}-${randomUUID().slice(0, 8)}`
const errorCode = (body: any) => body?.extraDetails?.find((d: any) => d.name === "ErrorCode")?.reason // eslint-disable-line @typescript-eslint/no-explicit-any

describe("sandbox card payments vs the official ePayment spec", () => {
  let sandbox: Sandbox
  let api: SpecClient

  beforeAll(async () => {
    sandbox = await startSandbox({ rateLimits: false })
    api = new SpecClient(sandbox.url, new OpenApiValidator(), NOK)
    await api.fetchToken()
  })
  afterAll(async () => {
    await sandbox?.close()
  })
  afterEach(() => {
    expect(api.violations.splice(0)).toEqual([])
  })

  const cardBody = (reference: string, extra: Record<string, unknown> = {}) => ({
    amount: { value: 49900, currency: "NOK" },
    paymentMethod: { type: "CARD" },
    reference,
    userFlow: "WEB_REDIRECT",
    returnUrl: `https://shop.example/return?reference=${reference}`,
    paymentDescription: "Contract test, card",
    ...extra,
  })
  const create = (body: Record<string, unknown>) => api.call("POST", "/epayment/v1/payments", { body, idempotencyKey: `create-${body.reference}` })

  it("CARD with WEB_REDIRECT: 201, then paid by card GET answers paymentMethod { type: CARD, cardBin } and the capture, refund and events are spec-shaped", async () => {
    const reference = ref("ok")
    const created = await create(cardBody(reference))
    expect(created.status).toBe(201)
    expect((await api.call("GET", `/epayment/v1/payments/${reference}`)).body.paymentMethod).toEqual({ type: "CARD" })
    const token = new URL(created.body.redirectUrl).searchParams.get("token")!
    const paid = await fetch(`${sandbox.url}/landing/card`, {
      method: "POST",
      redirect: "manual",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ token, number: "4925000000000004", expiry: "12/39", cvc: "123" }).toString(),
    })
    expect(paid.status).toBe(303)
    const payment = await api.call("GET", `/epayment/v1/payments/${reference}`)
    expect(payment.body).toMatchObject({ state: "AUTHORIZED", paymentMethod: { type: "CARD", cardBin: "492500" } })
    const amount = (value: number) => ({ modificationAmount: { value, currency: "NOK" } })
    expect((await api.call("POST", `/epayment/v1/payments/${reference}/capture`, { body: amount(49900), idempotencyKey: `capture-${reference}` })).status).toBe(200)
    expect((await api.call("POST", `/epayment/v1/payments/${reference}/refund`, { body: amount(10000), idempotencyKey: `refund-${reference}` })).status).toBe(200)
    expect((await api.call("GET", `/epayment/v1/payments/${reference}/events`)).body.map((e: { name: string }) => e.name)).toEqual(["CREATED", "AUTHORIZED", "CAPTURED", "REFUNDED"])
  })

  it("CARD with QR is refused: 400 problem with code 4160", async () => {
    const r = await create(cardBody(ref("qr"), { userFlow: "QR", returnUrl: undefined }))
    expect([r.status, errorCode(r.body)]).toEqual([400, "4160"])
  })

  it("a sales unit without card permission: 403 problem with code 5070", async () => {
    await fetch(`${sandbox.url}/_sandbox/merchants/${NOK.msn}/card-payments`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ allowed: false }) })
    const r = await create(cardBody(ref("perm")))
    expect([r.status, errorCode(r.body)]).toEqual([403, "5070"])
  })
})
