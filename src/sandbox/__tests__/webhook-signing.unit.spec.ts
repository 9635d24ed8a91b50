import { createHash, createHmac, timingSafeEqual } from "node:crypto"
import http from "node:http"
import type { AddressInfo } from "node:net"
import { signWebhook, startSandbox, type Sandbox } from "../index"
import { apiClient, controlClient, createBody, sleep, tokenFor, waitFor } from "./helpers"

jest.setTimeout(20_000)

describe("webhook signing (NOTES §6.4 official test vector)", () => {
  it("reproduces the documented content hash and signature exactly", () => {
    const s = signWebhook({
      secret: "A0+AeKBRG2KRGvnNwJpQlb6IJFk48CKXCIcrLoHncVJKDILsQSxS6NWCccwWm6r6FhGKhiHTBsG2wo/xU6FY/A==",
      url: "https://webhook.site/e2cee29b-012e-4f1d-8ef4-e95fd74a7a63",
      date: "Thu, 30 Mar 2023 08:38:32 GMT",
      body: '{"some-unique-content":"ee6e441b-cc4a-46f8-895d-a5af79bcc233/hello-world"}',
    })
    expect(s.host).toBe("webhook.site")
    expect(s.contentHash).toBe("lNlsp1XA03N34HrQsVzPgJKtC+r7l/RBF4V3JQUWMj4=")
    expect(s.signature).toBe("agAiSyogQbDHpeucoNwYz+yAr5nJ+v+zasdkSbqzv+U=")
    expect(s.authorization).toBe("HMAC-SHA256 SignedHeaders=x-ms-date;host;x-ms-content-sha256&Signature=agAiSyogQbDHpeucoNwYz+yAr5nJ+v+zasdkSbqzv+U=")
  })

  it("signs path + query and host with port of the registered url", () => {
    const a = signWebhook({ secret: "s", url: "http://127.0.0.1:8080/hook?x=1", date: "Thu, 30 Mar 2023 08:38:32 GMT", body: "{}" })
    expect(a.stringToSign).toBe(`POST\n/hook?x=1\nThu, 30 Mar 2023 08:38:32 GMT;127.0.0.1:8080;${createHash("sha256").update("{}").digest("base64")}`)
    const b = signWebhook({ secret: "s", url: "http://127.0.0.1:8080/hook?x=2", date: "Thu, 30 Mar 2023 08:38:32 GMT", body: "{}" })
    expect(b.signature).not.toBe(a.signature)
  })
})

type Received = { method: string; url: string; headers: http.IncomingHttpHeaders; raw: string; at: number }

/** Tiny webhook receiver: answers the queued statuses first, then 200. */
async function receiver() {
  const received: Received[] = []
  const statuses: number[] = []
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on("data", (c) => chunks.push(c))
    req.on("end", () => {
      received.push({ method: req.method!, url: req.url!, headers: req.headers, raw: Buffer.concat(chunks).toString("utf8"), at: Date.now() })
      res.writeHead(statuses.shift() ?? 200, { connection: "close" })
      res.end()
    })
  })
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r))
  const port = (server.address() as AddressInfo).port
  return {
    received,
    statuses,
    url: `http://127.0.0.1:${port}/vipps/hook?tenant=t1`,
    close: () => new Promise<void>((r) => server.close(() => r())),
  }
}

/** Independent verification, as a merchant would implement it. */
function verify(r: Received, secret: string, registeredUrl: string) {
  const u = new URL(registeredUrl)
  const hash = createHash("sha256").update(r.raw, "utf8").digest("base64")
  if (hash !== r.headers["x-ms-content-sha256"]) return false
  const toSign = `POST\n${u.pathname}${u.search}\n${r.headers["x-ms-date"]};${u.host};${hash}`
  const sig = createHmac("sha256", secret).update(toSign).digest("base64")
  const expected = Buffer.from(`HMAC-SHA256 SignedHeaders=x-ms-date;host;x-ms-content-sha256&Signature=${sig}`)
  const got = Buffer.from(String(r.headers.authorization))
  return got.length === expected.length && timingSafeEqual(got, expected)
}

describe("webhook delivery", () => {
  let sandbox: Sandbox
  let hook: Awaited<ReturnType<typeof receiver>>
  let api: ReturnType<typeof apiClient>
  const control = () => controlClient(sandbox)

  beforeEach(async () => {
    sandbox = await startSandbox({ webhookRetryBaseMs: 60, webhookMaxAttempts: 4 })
    hook = await receiver()
    api = apiClient(sandbox, await tokenFor(sandbox))
  })
  afterEach(async () => {
    await sandbox.close()
    await hook.close()
  })

  const register = async (events: string[]) => {
    const r = await api("POST", "/webhooks/v1/webhooks", { url: hook.url, events })
    expect(r.status).toBe(201)
    return r.body as { id: string; secret: string }
  }

  it("delivers a signed AUTHORIZED event that verifies independently", async () => {
    const { secret } = await register(["epayments.payment.authorized.v1"])
    await api("POST", "/epayment/v1/payments", createBody("wh-auth-0001"), { "Idempotency-Key": "k1" })
    await control()("POST", "/payments/wh-auth-0001/approve")
    await waitFor(() => hook.received.length === 1)
    const r = hook.received[0]
    expect(r.method).toBe("POST")
    expect(r.url).toBe("/vipps/hook?tenant=t1")
    expect(r.headers.host).toBe(new URL(hook.url).host)
    expect(r.headers["x-ms-date"]).toMatch(/^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT$/)
    expect(verify(r, secret, hook.url)).toBe(true)
    expect(verify(r, `${secret}x`, hook.url)).toBe(false)
    expect(verify({ ...r, raw: r.raw.replace("10000", "10001") }, secret, hook.url)).toBe(false)
    const body = JSON.parse(r.raw)
    expect(body).toEqual({
      msn: "100001",
      reference: "wh-auth-0001",
      pspReference: expect.any(String),
      name: "AUTHORIZED",
      amount: { currency: "NOK", value: 10000 },
      timestamp: expect.any(String),
      idempotencyKey: null,
      success: true,
    })
    // Only the registered event type is sent (no CREATED).
    await sleep(100)
    expect(hook.received).toHaveLength(1)
  })

  it("retries with backoff after two 500s and holds later events of the same payment", async () => {
    const { secret } = await register(["epayments.payment.authorized.v1", "epayments.payment.captured.v1"])
    hook.statuses.push(500, 500)
    await api("POST", "/epayment/v1/payments", createBody("wh-retry-001"), { "Idempotency-Key": "k1" })
    await control()("POST", "/payments/wh-retry-001/approve")
    await control()("POST", "/payments/wh-retry-001/capture", { value: 4000 })
    await waitFor(() => hook.received.length === 4)
    const names = hook.received.map((r) => JSON.parse(r.raw).name)
    // AUTHORIZED ×3 (500, 500, 200) before CAPTURED: ordering per registration per payment.
    expect(names).toEqual(["AUTHORIZED", "AUTHORIZED", "AUTHORIZED", "CAPTURED"])
    expect(hook.received.every((r) => verify(r, secret, hook.url))).toBe(true)
    // backoff: base 60 ms then 120 ms
    expect(hook.received[1].at - hook.received[0].at).toBeGreaterThanOrEqual(50)
    expect(hook.received[2].at - hook.received[1].at).toBeGreaterThanOrEqual(110)
    const deliveries = (await control()("GET", "/webhooks/deliveries")).body.deliveries
    expect(deliveries.map((d: any) => `${d.event}#${d.attempt}:${d.status}`)).toEqual([ // eslint-disable-line @typescript-eslint/no-explicit-any
      "epayments.payment.authorized.v1#1:500",
      "epayments.payment.authorized.v1#2:500",
      "epayments.payment.authorized.v1#3:200",
      "epayments.payment.captured.v1#1:200",
    ])
    expect(JSON.parse(hook.received[3].raw)).toMatchObject({ name: "CAPTURED", amount: { value: 4000 }, idempotencyKey: null })
  })

  it("gives up after webhookMaxAttempts", async () => {
    await register(["epayments.payment.authorized.v1"])
    hook.statuses.push(500, 500, 500, 500, 500)
    await api("POST", "/epayment/v1/payments", createBody("wh-giveup-01"), { "Idempotency-Key": "k1" })
    await control()("POST", "/payments/wh-giveup-01/approve")
    await waitFor(() => hook.received.length === 4)
    await sleep(600)
    expect(hook.received).toHaveLength(4)
  })

  it("drop mode delivers nothing", async () => {
    await register(["epayments.payment.created.v1", "epayments.payment.authorized.v1"])
    expect((await control()("POST", "/webhooks/mode", { mode: "drop" })).status).toBe(200)
    await api("POST", "/epayment/v1/payments", createBody("wh-drop-0001"), { "Idempotency-Key": "k1" })
    await control()("POST", "/payments/wh-drop-0001/approve")
    await sleep(300)
    expect(hook.received).toEqual([])
    expect((await control()("GET", "/webhooks/deliveries")).body.deliveries).toEqual([])
    // back to deliver: new events flow again
    await control()("POST", "/webhooks/mode", { mode: "deliver" })
    await api("POST", "/epayment/v1/payments", createBody("wh-drop-0002"), { "Idempotency-Key": "k2" })
    await waitFor(() => hook.received.length === 1)
    expect(JSON.parse(hook.received[0].raw)).toMatchObject({ name: "CREATED", reference: "wh-drop-0002", idempotencyKey: "k2" })
  })

  it("delay mode holds deliveries; deleted registrations receive nothing", async () => {
    const reg = await register(["epayments.payment.created.v1"])
    await control()("POST", "/webhooks/mode", { mode: "delay", delayMs: 300 })
    const t0 = Date.now()
    await api("POST", "/epayment/v1/payments", createBody("wh-delay-001"), { "Idempotency-Key": "k1" })
    await waitFor(() => hook.received.length === 1)
    expect(hook.received[0].at - t0).toBeGreaterThanOrEqual(280)
    await control()("POST", "/webhooks/mode", { mode: "deliver" })
    expect((await api("DELETE", `/webhooks/v1/webhooks/${reg.id}`)).status).toBe(204)
    await api("POST", "/epayment/v1/payments", createBody("wh-delay-002"), { "Idempotency-Key": "k2" })
    await sleep(200)
    expect(hook.received).toHaveLength(1)
  })
})
