import { mkdtempSync, readFileSync } from "node:fs"
import os from "node:os"
import path from "node:path"
import { lastGoLiveEvidence, runGoLiveCheck } from "../../src/go-live"
import vippsGoLive from "../../src/scripts/vipps-go-live"
import { freePort } from "../helpers/free-port"
import { paidOrder } from "../helpers/fulfillment"
import { MARKETS, createStore, loginAdmin } from "../helpers/store"
import { createStoreWithEarlierWebhooks } from "../helpers/earlier-webhooks"
import { VIPPS_MODULE } from "../../src/modules/vipps"
import { vippsIntegrationSuite } from "../helpers/sandbox"
import { DEFAULT_MERCHANTS } from "../../src/sandbox"

// The store's public URL must be known before Medusa boots (webhookBaseUrl): a fixed free port.
const previous = { PORT: process.env.PORT, VIPPS_WEBHOOK_BASE_URL: process.env.VIPPS_WEBHOOK_BASE_URL }
beforeAll(async () => {
  const port = await freePort()
  process.env.PORT = String(port)
  process.env.VIPPS_WEBHOOK_BASE_URL = `http://localhost:${port}`
})
afterAll(() => {
  for (const [name, value] of Object.entries(previous)) {
    if (value === undefined) delete process.env[name]
    else process.env[name] = value
  }
})

const DAY = 24 * 60 * 60 * 1000
// Only Date is faked (the server's clock for the evidence download); timers, I/O and the event loop stay real.
const REAL_TIMERS = ["hrtime", "nextTick", "performance", "queueMicrotask", "requestAnimationFrame", "cancelAnimationFrame", "requestIdleCallback", "cancelIdleCallback", "setImmediate", "clearImmediate", "setInterval", "clearInterval", "setTimeout", "clearTimeout"] as const

vippsIntegrationSuite(({ api, getContainer, sandbox }) => {
  const ok = { validateStatus: () => true }
  const byId = (report: any) => Object.fromEntries(report.items.map((i: any) => [i.id, i]))

  /** Runs the vipps-go-live command (what `medusa exec` calls) in a fresh directory. */
  async function runCommand(args: string[]) {
    const dir = mkdtempSync(path.join(os.tmpdir(), "vipps-go-live-"))
    const cwd = process.cwd()
    const previousExitCode = process.exitCode
    process.chdir(dir)
    try {
      await vippsGoLive({ container: getContainer(), args } as any)
      return { dir, exitCode: process.exitCode }
    } finally {
      process.chdir(cwd)
      process.exitCode = previousExitCode
    }
  }

  describe("the go-live check", () => {
    beforeEach(async () => {
      await sandbox().webhookMode("deliver")
      await sandbox().clearFaults()
    })

    it("anonymous callers get 401 on GET and POST /admin/vipps/go-live", async () => {
      expect((await api.get("/admin/vipps/go-live", ok)).status).toBe(401)
      expect((await api.post("/admin/vipps/go-live", { provider_id: "vipps" }, ok)).status).toBe(401)
    })

    it("passes against the sandbox in test mode: three force-approved payments end CAPTURED, REFUNDED and CANCELLED, verified at the sandbox", async () => {
      const store = await createStore(api, getContainer(), MARKETS.NOK)
      const registered = await api.post("/admin/vipps/webhooks", { provider_id: "vipps" }, store.admin)
      expect(registered.data.webhook).toMatchObject({ status: "registered", url: `${process.env.VIPPS_WEBHOOK_BASE_URL}/hooks/vipps/vipps` })
      expect((await api.get("/admin/vipps/go-live", store.admin)).data.providers.find((p: any) => p.provider_id === "pp_vipps_vipps").report).toBeNull()

      const res = await api.post("/admin/vipps/go-live", { provider_id: "vipps", phone: "+47 912 34 567" }, { ...store.admin, ...ok })
      expect(res.status).toBe(200)
      const report = res.data.report
      const failures = report.items.filter((i: any) => i.status !== "pass")
      expect(failures).toEqual([])
      expect(report).toMatchObject({ provider_id: "pp_vipps_vipps", mode: "test", passed: true, merchant_serial_number: "100001", missing: [] })
      expect(report.items.map((i: any) => i.id)).toEqual([
        "credentials", "msn", "currency", "system_headers", "webhook_registration",
        "payment_captured", "payment_refunded", "payment_cancelled", "webhook_delivery",
      ])
      expect(report.references.map((r: any) => r.ends)).toEqual(["CAPTURED", "REFUNDED", "CANCELLED"])
      for (const r of report.references) expect(report.send_to_vipps).toContain(`${r.reference} (${r.ends})`)
      expect(byId(report).webhook_registration.detail).toBe(`Registered at ${process.env.VIPPS_WEBHOOK_BASE_URL}/hooks/vipps/vipps for all 7 ePayment events the plugin uses.`)
      // AUTHORIZED ×3, CAPTURED ×2, REFUNDED, CANCELLED: CREATED is not subscribed, so not waited for.
      expect(byId(report).webhook_delivery.detail).toMatch(/^7 deliveries for the check's payments arrived/)
      const delivered = await (getContainer().resolve(VIPPS_MODULE) as any).listVippsWebhookEvents({ reference: report.references.map((r: any) => r.reference) })
      expect(delivered.map((e: any) => e.name).sort()).toEqual(["AUTHORIZED", "AUTHORIZED", "AUTHORIZED", "CANCELLED", "CAPTURED", "CAPTURED", "REFUNDED"])

      // Independently, at the sandbox: each payment ended as the report says.
      const [captured, refunded, cancelled] = await Promise.all(report.references.map((r: any) => sandbox().payment(r.reference)))
      const agg = (p: any) => [p.state, p.aggregate.authorizedAmount.value, p.aggregate.capturedAmount.value, p.aggregate.refundedAmount.value, p.aggregate.cancelledAmount.value]
      expect(agg(captured)).toEqual(["AUTHORIZED", 200, 200, 0, 0])
      expect(agg(refunded)).toEqual(["AUTHORIZED", 200, 200, 200, 0])
      expect(agg(cancelled)).toEqual(["AUTHORIZED", 200, 0, 0, 200])
      expect(captured.amount.currency).toBe("NOK")

      // Force-approved through the test API as the test user, with the system headers on every call.
      const approvals = await sandbox().requests({ method: "POST", pathContains: "/epayment/v1/test/payments/" })
      const ours = approvals.filter((r) => report.references.some((ref: any) => r.path.includes(ref.reference)))
      expect(ours.map((r) => [r.status, r.body])).toEqual(Array(3).fill([200, { customer: { phoneNumber: "4791234567" } }]))
      for (const r of ours) {
        expect(r.headers).toMatchObject({ "vipps-system-name": "medusa", "vipps-system-plugin-name": "medusa-payment-vipps", "merchant-serial-number": "100001" })
      }

      // The admin shows the stored report and when it ran.
      const stored = (await api.get("/admin/vipps/go-live", store.admin)).data.providers.find((p: any) => p.provider_id === "pp_vipps_vipps").report
      expect(stored).toEqual(report)
      expect(Date.now() - Date.parse(stored.started_at)).toBeLessThan(120_000)

      // The command: the same check, the report written as Markdown and JSON, exit code untouched.
      const { dir, exitCode } = await runCommand(["provider=vipps", "phone=4791234567"])
      expect(exitCode).toBeUndefined()
      const markdown = readFileSync(path.join(dir, "vipps-go-live-pp_vipps_vipps.md"), "utf8")
      const json = JSON.parse(readFileSync(path.join(dir, "vipps-go-live-pp_vipps_vipps.json"), "utf8"))
      expect(json.passed).toBe(true)
      expect(markdown).toContain("**Result: PASSED** (9 of 9 items passed)")
      for (const r of json.references) expect(markdown).toContain(`| ${r.reference} | ${r.ends} |`)
      // And the evidence for the checklist form, beside the report.
      const evidence = readFileSync(path.join(dir, "vipps-go-live-evidence-pp_vipps_vipps.md"), "utf8")
      expect(evidence).toContain("# Vipps MobilePay checklist answers: pp_vipps_vipps")
      for (const r of json.references) expect(evidence).toContain(`- \`${r.reference}\`: ends ${r.ends} (NOK)`)
    })

    it("a registration made with CREATED by an earlier version passes: all 7 events the plugin uses are registered, and its CREATED deliveries are not waited for", async () => {
      await createStoreWithEarlierWebhooks(api, getContainer(), `${process.env.VIPPS_WEBHOOK_BASE_URL}/hooks/vipps/vipps`)
      const report = await runGoLiveCheck(getContainer(), "vipps", { phone: "4791234567" })
      expect(report.items.filter((i: any) => i.status !== "pass")).toEqual([])
      expect(report.passed).toBe(true)
      const items = byId(report)
      expect(items.webhook_registration.detail).toMatch(/^Registered at http:\/\/localhost:\d+\/hooks\/vipps\/vipps for all 7 ePayment events the plugin uses\. It is also subscribed to CREATED \(registered by an earlier version\)/)
      expect(items.webhook_registration.detail).toContain("register again with force to drop it")
      expect(items.webhook_delivery.detail).toMatch(/^7 deliveries for the check's payments arrived/)
    })

    it("the command writes the Markdown and JSON report and fails (exit code 1) when webhooks are not registered, saying so in plain words", async () => {
      await createStore(api, getContainer(), MARKETS.DKK)
      const { dir, exitCode } = await runCommand(["--provider", "mobilepay", "--phone", "4512345678"])
      expect(exitCode).toBe(1)
      const report = JSON.parse(readFileSync(path.join(dir, "vipps-go-live-pp_vipps_mobilepay.json"), "utf8"))
      const markdown = readFileSync(path.join(dir, "vipps-go-live-pp_vipps_mobilepay.md"), "utf8")
      const items = byId(report)
      expect(report.passed).toBe(false)
      expect(items.webhook_registration).toMatchObject({ status: "fail", detail: expect.stringMatching(/^No webhook is registered at Vipps MobilePay for pp_vipps_mobilepay\. Run the register-vipps-webhooks command/) })
      expect(items.webhook_delivery.status).toBe("skipped")
      // Everything else still ran: the payments went through in DKK.
      expect(["credentials", "msn", "currency", "system_headers", "payment_captured", "payment_refunded", "payment_cancelled"].map((id) => items[id].status)).toEqual(Array(7).fill("pass"))
      expect(report.references.map((r: any) => [r.ends, r.currency])).toEqual([["CAPTURED", "DKK"], ["REFUNDED", "DKK"], ["CANCELLED", "DKK"]])
      expect(report.send_to_vipps).toBe("Nothing to send yet: fix the failed items and run the check again.")
      expect(markdown).toContain("**Result: FAILED**")
      expect(markdown).toContain("| Webhook registration | FAIL | No webhook is registered at Vipps MobilePay for pp_vipps_mobilepay.")
      for (const r of report.references) expect(markdown).toContain(`| ${r.reference} | ${r.ends} |`)
    })

    it("fails with plain reasons when the provider is in no region and when no test user is given, with Vipps's code and trace id for a refused approval", async () => {
      const container = getContainer()
      const nowhere = await runGoLiveCheck(container, "mobilepay_fi", { phone: "358401234567", webhookTimeoutMs: 1000 })
      expect(byId(nowhere).currency).toMatchObject({ status: "fail", detail: expect.stringContaining("pp_vipps_mobilepay_fi is not enabled in any region") })
      expect(byId(nowhere).payment_captured).toMatchObject({ status: "skipped", detail: "Skipped: no usable currency (see above)." })

      await createStore(api, container, MARKETS.NOK)
      const noPhone = await runGoLiveCheck(container, "vipps", { webhookTimeoutMs: 1000 })
      expect(byId(noPhone).payment_captured).toMatchObject({ status: "fail", detail: expect.stringContaining("Give a test user's phone number (phone=<number> on the command") })

      // A Danish test user cannot approve for the Norwegian sales unit: Vipps's refusal, code and trace id.
      const foreign = await runGoLiveCheck(container, "vipps", { phone: "4512345678", webhookTimeoutMs: 1000 })
      const item = byId(foreign).payment_captured
      expect(item).toMatchObject({ status: "fail", error: { status: 400, code: "10020", trace_id: expect.any(String) } })
      expect(item.detail).toMatch(/^demo-golive-[a-z0-9]+-cap: the force approve failed\./)
      expect(foreign.passed).toBe(false)
    })

    it("production mode finds the store's orders showing AUTHORIZED, CAPTURED, REFUNDED and CANCELLED and lists what is still missing", async () => {
      const container = getContainer()
      const store = await createStore(api, container, MARKETS.NOK)
      await api.post("/admin/vipps/webhooks", { provider_id: "vipps" }, store.admin)
      const order = () => paidOrder(api, container, sandbox(), MARKETS.NOK, [{ price: 100, quantity: 1 }], { store })
      const action = (paymentId: string, name: string, body: unknown = {}) => api.post(`/admin/vipps/payments/${paymentId}/${name}`, body, store.admin)

      const authorized = await order()
      const captured = await order()
      await action(captured.paymentId, "capture", { amount: "100" })
      const lastSeq = Math.max(0, ...(await sandbox().requests()).map((r: any) => r.seq))
      const before = await runGoLiveCheck(container, "vipps", { mode: "production" })
      expect(before.missing).toEqual(["REFUNDED", "CANCELLED"])
      expect(byId(before).order_refunded).toMatchObject({ status: "fail", detail: expect.stringMatching(/^Still missing: no order paid with pp_vipps_vipps shows REFUNDED yet\. Refund a captured order/) })
      expect(before.send_to_vipps).toMatch(/^Not complete yet: no order shows REFUNDED, CANCELLED\./)
      // Nothing moved at Vipps: the check only read (GET payment and the event log).
      const calls = (await sandbox().requests()).filter((r: any) => r.seq > lastSeq && r.path.startsWith("/epayment/"))
      expect(calls.length).toBeGreaterThanOrEqual(4)
      expect(calls.filter((r: any) => r.method !== "GET")).toEqual([])

      const refunded = await order()
      await action(refunded.paymentId, "capture", { amount: "100" })
      await action(refunded.paymentId, "refund", { amount: "30" })
      await action(authorized.paymentId, "capture", { amount: "40" })
      await action(authorized.paymentId, "release")
      const after = await runGoLiveCheck(container, "vipps", { mode: "production" })
      const refs = Object.fromEntries(after.references.map((r) => [r.ends, r.reference]))
      expect(after.missing).toEqual([])
      expect(refs).toMatchObject({ CAPTURED: captured.reference, REFUNDED: refunded.reference, CANCELLED: authorized.reference })
      expect([captured.reference, refunded.reference, authorized.reference]).toContain(refs.AUTHORIZED)
      expect(after.references.find((r) => r.ends === "REFUNDED")).toMatchObject({ amounts: { captured: 10000, refunded: 3000 }, order_id: refunded.orderId })
      expect(after.items.filter((i) => i.status !== "pass")).toEqual([])
      expect(after.passed).toBe(true)
      expect(after.send_to_vipps).toContain(`${refunded.reference} (REFUNDED)`)
      // Its request examples are the reads it made (it moved no money) and the newest delivery.
      const stored = await lastGoLiveEvidence(container, "vipps")
      const operations = new Set(stored!.evidence!.examples.map((e) => e.operation))
      expect([...operations].sort()).toEqual(["getPayment", "getPaymentEvents", "listWebhooks", "webhookDelivery"])
    })
  })

  describe("the go-live evidence for Vipps MobilePay's checklist form", () => {
    afterEach(() => jest.useRealTimers())

    it("anonymous callers get 401 on GET /admin/vipps/go-live/evidence, and before any run there is nothing to download (404)", async () => {
      expect((await api.get("/admin/vipps/go-live/evidence?provider=vipps", ok)).status).toBe(401)
      const store = await createStore(api, getContainer(), MARKETS.NOK)
      const none = await api.get("/admin/vipps/go-live/evidence?provider=vipps", { ...store.admin, ...ok })
      expect(none.status).toBe(404)
      expect(none.data.message).toBe("The go-live check has not run for pp_vipps_vipps yet: run it first.")
    })

    it("after a check against the sandbox, the download holds every request example (create, GET, event log, capture, refund, cancel, webhook list, a delivery) redacted and dated; one month and a day later it says they are too old", async () => {
      await sandbox().webhookMode("deliver")
      const store = await createStore(api, getContainer(), MARKETS.NOK)
      await api.post("/admin/vipps/webhooks", { provider_id: "vipps" }, store.admin)
      const ran = await api.post("/admin/vipps/go-live", { provider_id: "vipps", phone: "4791234567" }, { ...store.admin, ...ok })
      expect(ran.status).toBe(200)
      const report = ran.data.report
      expect(report.passed).toBe(true)

      // The panel's state: fresh, judged now.
      const panel = (await api.get("/admin/vipps/go-live", store.admin)).data.providers.find((p: any) => p.provider_id === "pp_vipps_vipps")
      expect(panel.evidence).toMatchObject({ status: "fresh", count: expect.any(Number) })
      expect(Date.parse(panel.evidence.fresh_until) - Date.parse(panel.evidence.oldest_at)).toBeGreaterThanOrEqual(28 * DAY)

      const json = await api.get("/admin/vipps/go-live/evidence?provider=vipps&format=json", store.admin)
      expect(json.headers["content-disposition"]).toMatch(/^attachment; filename="vipps-go-live-evidence-pp_vipps_vipps-\d{4}-\d{2}-\d{2}\.json"$/)
      const bundle = json.data
      expect(bundle).toMatchObject({ provider_id: "pp_vipps_vipps", merchant_serial_number: "100001", mode: "test", platform: { plugin_name: "medusa-payment-vipps" }, freshness: { status: "fresh" } })
      expect(bundle.references.map((r: any) => r.ends)).toEqual(["CAPTURED", "REFUNDED", "CANCELLED"])
      expect(bundle.video_checklist.length).toBeGreaterThanOrEqual(6)

      // Every kind of call of the run, each with a date inside the run.
      const examples: any[] = bundle.examples
      const kinds = new Set(examples.map((e) => e.operation))
      expect([...kinds].sort()).toEqual(["cancel", "capture", "createPayment", "getPayment", "getPaymentEvents", "listWebhooks", "refund", "webhookDelivery"])
      for (const e of examples) {
        expect(Date.parse(e.at)).toBeGreaterThanOrEqual(Date.parse(report.started_at) - 1000)
        expect(Date.parse(e.at)).toBeLessThanOrEqual(Date.now())
      }
      const refs = report.references.map((r: any) => r.reference)
      const create = examples.find((e) => e.operation === "createPayment" && e.reference === refs[0])
      expect(create.request).toMatchObject({ method: "POST", path: "/epayment/v1/payments", body: { reference: refs[0], amount: { value: 200, currency: "NOK" } } })
      expect(create.request.headers).toMatchObject({ "Idempotency-Key": expect.any(String), "Merchant-Serial-Number": "100001", "Vipps-System-Name": "medusa", "Vipps-System-Plugin-Name": "medusa-payment-vipps", Authorization: "Bearer <redacted>", "Ocp-Apim-Subscription-Key": "<redacted>" })
      expect(create.response.status).toBe(201)
      const cancel = examples.find((e) => e.operation === "cancel")
      expect(cancel).toMatchObject({ reference: refs[2], request: { method: "POST", path: `/epayment/v1/payments/${refs[2]}/cancel` }, response: { status: 200, body: { aggregate: { cancelledAmount: { value: 200 } } } } })
      const delivery = examples.find((e) => e.operation === "webhookDelivery")
      expect(delivery).toMatchObject({ request: { method: "POST", path: "/hooks/vipps/vipps", body: { msn: "100001" } }, response: { status: 200 } })
      expect(refs).toContain(delivery.reference)

      // Redacted: none of the tokens Vipps (the sandbox) saw, no secret, no subscription key, no phone number.
      const markdown = await api.get("/admin/vipps/go-live/evidence?provider=vipps", store.admin)
      expect(markdown.headers["content-type"]).toMatch(/^text\/markdown/)
      const seen = await sandbox().requests()
      const tokens = [...new Set(seen.map((r) => r.headers.authorization).filter((a) => a?.startsWith("Bearer ")).map((a) => a.slice(7)))]
      expect(tokens.length).toBeGreaterThan(0)
      const nok = DEFAULT_MERCHANTS.find((m) => m.msn === "100001")!
      for (const text of [JSON.stringify(bundle), markdown.data as string]) {
        for (const secret of [...tokens, nok.clientSecret, nok.subscriptionKey, "4791234567"]) expect(text.includes(secret)).toBe(false)
      }
      expect(markdown.data).toContain("# Vipps MobilePay checklist answers: pp_vipps_vipps")
      expect(markdown.data).toContain("- Merchant serial number (MSN): 100001")
      expect(markdown.data).toContain("### 1. List webhook registrations\n")
      expect(markdown.data).toMatch(/Sent \d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC/)
      expect(markdown.data).toContain("## Video checklist")
      expect(markdown.data).not.toContain("Too old to send")

      // One month and a day later (the server's clock), the same download says the examples are too old.
      jest.useFakeTimers({ doNotFake: [...REAL_TIMERS], now: Date.parse(panel.evidence.fresh_until) + DAY })
      const admin = await loginAdmin(api)
      const later = await api.get("/admin/vipps/go-live/evidence?provider=vipps", admin)
      expect(later.data).toContain("> **Too old to send.**")
      expect(later.data).toContain("run the check again before you send it")
      const laterPanel = (await api.get("/admin/vipps/go-live", admin)).data.providers.find((p: any) => p.provider_id === "pp_vipps_vipps")
      expect(laterPanel.evidence.status).toBe("stale")
    })
  })
})
