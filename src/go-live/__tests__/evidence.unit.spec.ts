// The go-live evidence: the request examples recorded from real calls to the local sandbox (no
// mocks), redacted before they are kept, and the one-month age rule judged at download time.
import axios from "axios"
import { DEFAULT_MERCHANTS, startSandbox } from "../../sandbox"
import { VippsClient, clearTokenCache, idempotencyKey } from "../../vipps"
import type { VippsExchange } from "../../vipps"
import { createExampleRecorder, deliveryExample } from "../examples"
import { evidenceBundle, evidenceMarkdown } from "../evidence"
import { examplesFreshness, oneMonthAfter } from "../freshness"
import { REDACTED, maskPhoneNumber, redactExchange } from "../redact"
import type { GoLiveReport } from "../types"

jest.setTimeout(30_000)

const NOK = DEFAULT_MERCHANTS[0]
const PHONE = "4791234567"
let sandbox: { url: string; close(): Promise<void> }

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, rateLimits: false })
})
afterAll(() => sandbox?.close())
beforeEach(() => clearTokenCache())

const client = () =>
  new VippsClient({
    environment: sandbox.url,
    clientId: NOK.clientId,
    clientSecret: NOK.clientSecret,
    subscriptionKey: NOK.subscriptionKey,
    merchantSerialNumber: NOK.msn,
    systemName: "medusa",
    systemVersion: "2.21.2",
    pluginName: "medusa-payment-vipps",
    pluginVersion: "0.1.0",
    retryBaseMs: 5,
  })

describe("go-live evidence: the request examples are recorded as sent, and redacted", () => {
  it("a recording client keeps create, capture, refund, GET, event log and the webhook list with their headers and dates; no token, client secret, subscription key or full phone number is kept", async () => {
    const plain = client()
    const recorder = createExampleRecorder()
    const recording = plain.recording(recorder.record)
    const token = await recording.getAccessToken()
    const reference = `evidence-${Date.now().toString(36)}`
    const before = Date.now()
    await recording.epayment.createPayment(
      {
        amount: { value: 200, currency: "NOK" },
        paymentMethod: { type: "WALLET" },
        customer: { phoneNumber: PHONE },
        reference,
        userFlow: "WEB_REDIRECT",
        returnUrl: `https://shop.example/return?reference=${reference}`,
        paymentDescription: `Go-live check for ${PHONE}`,
      },
      idempotencyKey("golive-create", reference)
    )
    await axios.post(`${sandbox.url}/_sandbox/payments/${reference}/approve`)
    await recording.epayment.capturePayment(reference, { value: 200, currency: "NOK" }, idempotencyKey("golive-capture", reference))
    await recording.epayment.refundPayment(reference, { value: 50, currency: "NOK" }, idempotencyKey("golive-refund", reference))
    await recording.epayment.getPayment(reference)
    await recording.epayment.getPaymentEvents(reference)
    await recording.webhooks.listWebhooks()
    // The client the provider uses for normal traffic records nothing.
    await plain.epayment.getPayment(reference)

    const examples = recorder.examples()
    expect(examples.map((e) => e.operation)).toEqual(["createPayment", "capture", "refund", "getPayment", "getPaymentEvents", "listWebhooks"])
    const [create, capture] = examples
    expect(create.request).toMatchObject({ method: "POST", path: "/epayment/v1/payments" })
    expect(create.request.headers).toMatchObject({
      "Idempotency-Key": idempotencyKey("golive-create", reference),
      "Merchant-Serial-Number": NOK.msn,
      "Vipps-System-Name": "medusa",
      "Vipps-System-Version": "2.21.2",
      "Vipps-System-Plugin-Name": "medusa-payment-vipps",
      "Vipps-System-Plugin-Version": "0.1.0",
      Authorization: `Bearer ${REDACTED}`,
      "Ocp-Apim-Subscription-Key": REDACTED,
    })
    expect(create.request.body).toMatchObject({ reference, amount: { value: 200, currency: "NOK" }, customer: { phoneNumber: "47******67" }, paymentDescription: "Go-live check for 47***67" })
    expect((create.request.body as any).returnUrl).toBe(`https://shop.example/return?reference=${reference}`)
    expect(create.response).toMatchObject({ status: 201, body: { reference, redirectUrl: expect.any(String) } })
    expect(capture.request).toMatchObject({ method: "POST", path: `/epayment/v1/payments/${reference}/capture`, body: { modificationAmount: { value: 200, currency: "NOK" } } })
    expect(capture.response.body).toMatchObject({ aggregate: { capturedAmount: { value: 200 } } })
    for (const example of examples) {
      expect(Date.parse(example.at)).toBeGreaterThanOrEqual(before - 1000)
      expect(Date.parse(example.at)).toBeLessThanOrEqual(Date.now())
    }

    const kept = JSON.stringify(examples)
    expect(token.length).toBeGreaterThan(10)
    for (const secret of [token, NOK.clientSecret, NOK.subscriptionKey, PHONE]) expect(kept).not.toContain(secret)
  })

  it("a secret that turns up anywhere else in an exchange (an echo in an error text, a URL, a webhook registration's secret) is blanked too", () => {
    const token = "eyJhbGciOiJSUzI1NiJ9.secret-token-value"
    const exchange: VippsExchange = {
      operation: "createPayment",
      at: "2026-12-06T08:00:00.000Z",
      method: "POST",
      path: "/epayment/v1/payments",
      requestHeaders: { Authorization: `Bearer ${token}`, "Ocp-Apim-Subscription-Key": "sub-key-123456", "User-Agent": "axios", "Idempotency-Key": "golive-create-x" },
      requestBody: {
        returnUrl: `https://shop.example/return?t=${token}`,
        customer: { phoneNumber: 4791234567 },
        shipping: { dynamicOptions: { callbackUrl: "https://shop.example/hooks/vipps/vipps/shipping?token=cb-0123456789", callbackAuthorizationToken: "f00dfeedf00dfeed" } },
      },
      status: 400,
      responseHeaders: { "content-type": "application/problem+json", "set-cookie": "session=abc" },
      responseBody: JSON.stringify({ detail: `Token ${token} and key sub-key-123456 refused for 4791234567`, secret: "whsec-abcdef", userDetails: { email: "kari@example.com", firstName: "Kari" } }),
    }
    const redacted = redactExchange(exchange)
    const text = JSON.stringify(redacted)
    for (const leak of [token, "sub-key-123456", "4791234567", "whsec-abcdef", "kari@example.com", "Kari", "session=abc", "cb-0123456789", "f00dfeedf00dfeed"]) expect(text).not.toContain(leak)
    expect((redacted.request.body as any).shipping.dynamicOptions.callbackUrl).toBe("https://shop.example/hooks/vipps/vipps/shipping?token=<redacted>")
    expect(redacted.request.headers).toEqual({ Authorization: `Bearer ${REDACTED}`, "Ocp-Apim-Subscription-Key": REDACTED, "Idempotency-Key": "golive-create-x" })
    expect(redacted.response.headers).toEqual({ "content-type": "application/problem+json" })
    expect(maskPhoneNumber("+47 912 34 567")).toBe("47******67")
  })

  it("a webhook delivery the store received is an example with its reception time, the path it came to and its body", () => {
    const example = deliveryExample(
      { reference: "ref-1", name: "AUTHORIZED", created_at: new Date("2026-12-06T08:00:01Z"), payload: { msn: "100001", reference: "ref-1", name: "AUTHORIZED", amount: { value: 200, currency: "NOK" } } },
      "/hooks/vipps/vipps"
    )
    expect(example).toMatchObject({ title: "Webhook delivery received (AUTHORIZED)", at: "2026-12-06T08:00:01.000Z", request: { method: "POST", path: "/hooks/vipps/vipps", body: { reference: "ref-1" } }, response: { status: 200 } })
  })
})

describe("go-live evidence: examples older than one month are too old to send", () => {
  const at = "2026-12-06T07:45:00.000Z"
  const report: GoLiveReport = {
    provider_id: "pp_vipps_vipps",
    mode: "test",
    environment: "test",
    base_url: "https://apitest.vipps.no",
    merchant_serial_number: "100001",
    started_at: at,
    finished_at: at,
    passed: true,
    items: [{ id: "webhook_delivery", title: "Webhook deliveries arrive and verify", status: "pass", detail: "7 deliveries" }],
    references: [{ ends: "CAPTURED", reference: "golive-x-cap", currency: "NOK" }],
    missing: [],
    send_to_vipps: "",
  }
  const evidence = { recorded_at: at, examples: [{ title: "Capture", operation: "capture", reference: "golive-x-cap", at, request: { method: "POST", path: "/epayment/v1/payments/golive-x-cap/capture", headers: {} }, response: { status: 200 } }] }
  const platform = { plugin_name: "medusa-payment-vipps", plugin_version: "0.1.0", medusa_version: "2.21.2" }

  it("one month is a calendar month from the oldest example (the 31st becomes the last day of a shorter month)", () => {
    expect(oneMonthAfter(new Date(at)).toISOString()).toBe("2027-01-06T07:45:00.000Z")
    expect(oneMonthAfter(new Date("2027-01-31T10:00:00Z")).toISOString()).toBe("2027-02-28T10:00:00.000Z")
    expect(oneMonthAfter(new Date("2026-12-31T10:00:00Z")).toISOString()).toBe("2027-01-31T10:00:00.000Z")
  })

  it("fresh up to one month after the oldest example, stale one day later, and none without examples", () => {
    const examples = [{ at: "2026-12-06T07:46:00.000Z" }, { at }]
    expect(examplesFreshness(examples, new Date("2027-01-06T07:45:00.000Z"))).toMatchObject({ status: "fresh", count: 2, oldest_at: at, fresh_until: "2027-01-06T07:45:00.000Z" })
    const stale = examplesFreshness(examples, new Date("2027-01-07T07:45:00.000Z"))
    expect(stale).toMatchObject({ status: "stale", oldest_at: at })
    expect(stale.message).toContain("run the check again before you send it")
    expect(examplesFreshness([], new Date(at))).toMatchObject({ status: "none", count: 0 })
  })

  it("the checklist answers say so at download time: fresh the day after the run, too old one month and a day later", () => {
    const fresh = evidenceMarkdown(evidenceBundle(report, evidence, new Date("2026-12-07T00:00:00Z"), platform))
    expect(fresh).toContain("send them to Vipps MobilePay before 2027-01-06 07:45 UTC")
    expect(fresh).not.toContain("run the check again")
    expect(fresh).toContain("- Merchant serial number (MSN): 100001")
    expect(fresh).toContain("medusa-payment-vipps 0.1.0 on Medusa 2.21.2")
    expect(fresh).toContain("- `golive-x-cap`: ends CAPTURED (NOK)")
    expect(fresh).toContain("Sent 2026-12-06 07:45 UTC")
    expect(fresh).toContain("## Video checklist")
    expect(fresh).toMatch(/\| Webhooks and polling, both .* \| webhook_delivery: pass \|/)
    const stale = evidenceMarkdown(evidenceBundle(report, evidence, new Date("2027-01-07T07:46:00Z"), platform))
    expect(stale).toContain("> **Too old to send.** The request examples were recorded on 2026-12-06 and are older than one month")
    expect(stale).toContain("run the check again before you send it")
  })
})
