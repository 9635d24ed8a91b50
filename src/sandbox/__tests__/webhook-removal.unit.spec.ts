// Vipps removes a webhook registration that has not answered for two weeks (Webhooks API
// changelog, March 2026): the sandbox does it on its clock.
import http from "node:http"
import type { AddressInfo } from "node:net"
import { startSandbox, type Sandbox } from "../index"
import { apiClient, controlClient, createBody, tokenFor, waitFor } from "./helpers"

jest.setTimeout(20_000)
const DAY = 24 * 3600_000

describe("webhook registrations that stop answering", () => {
  let sandbox: Sandbox
  let shop: http.Server
  let shopUrl: string
  let received = 0
  let api: ReturnType<typeof apiClient>
  let control: ReturnType<typeof controlClient>

  beforeAll(async () => {
    shop = http.createServer((req, res) => {
      received++
      req.resume()
      req.on("end", () => res.writeHead(200).end())
    })
    await new Promise<void>((r) => shop.listen(0, "127.0.0.1", r))
    shopUrl = `http://127.0.0.1:${(shop.address() as AddressInfo).port}/hooks`
    sandbox = await startSandbox({ rateLimits: false, webhookRetryBaseMs: 20, webhookMaxAttempts: 3 })
    api = apiClient(sandbox, await tokenFor(sandbox))
    control = controlClient(sandbox)
  })
  afterAll(async () => {
    await sandbox?.close()
    await new Promise<void>((r) => shop.close(() => r()))
  })
  beforeEach(async () => {
    await control("POST", "/reset")
  })

  const register = async () => (await api("POST", "/webhooks/v1/webhooks", { url: shopUrl, events: ["epayments.payment.authorized.v1"] })).body.id as string
  const listed = async () => (await api("GET", "/webhooks/v1/webhooks")).body.webhooks.map((w: { id: string }) => w.id)
  const authorize = async (reference: string) => {
    await api("POST", "/epayment/v1/payments", createBody(reference), { "Idempotency-Key": `c-${reference}` })
    await control("POST", `/payments/${reference}/approve`)
  }

  it("failing deliveries for two weeks on the sandbox clock → the registration is gone (listed no more, nothing delivered)", async () => {
    const id = await register()
    await control("POST", "/webhooks/mode", { mode: "fail" })
    await authorize("wh-gone-0001")
    await waitFor(async () => (await control("GET", "/webhooks/deliveries")).body.deliveries.length >= 1)
    await control("POST", "/clock", { advance_ms: 13 * DAY })
    expect(await listed()).toEqual([id])
    await control("POST", "/clock", { advance_ms: DAY })
    expect(await listed()).toEqual([])

    await control("POST", "/webhooks/mode", { mode: "deliver" })
    const before = received
    await authorize("wh-gone-0002")
    await new Promise((r) => setTimeout(r, 100))
    expect(received).toBe(before)
  })

  it("a delivery that succeeds again ends the streak; a registration that never failed stays", async () => {
    const failing = await register()
    await control("POST", "/webhooks/mode", { mode: "fail" })
    await authorize("wh-back-0001")
    await waitFor(async () => (await control("GET", "/webhooks/deliveries")).body.deliveries.length >= 1)
    await control("POST", "/clock", { advance_ms: 10 * DAY })
    await control("POST", "/webhooks/mode", { mode: "deliver" })
    await authorize("wh-back-0002")
    await waitFor(() => received > 0)
    await control("POST", "/clock", { advance_ms: 10 * DAY })
    expect(await listed()).toEqual([failing])
    expect((await control("POST", "/webhooks/mode", { mode: "sometimes" })).status).toBe(400)
  })
})
