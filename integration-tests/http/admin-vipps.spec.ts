import { MARKETS, Store, createStore } from "../helpers/store"
import { capturesAtVipps, fulfil, medusaPayment, paidOrder as paidVippsOrder, sum } from "../helpers/fulfillment"
import { eventually, vippsIntegrationSuite } from "../helpers/sandbox"

vippsIntegrationSuite(({ api, getContainer, sandbox }) => {
  const hookUrl = () => `${api.defaults.baseURL}/hooks/vipps/vipps`
  const ok = { validateStatus: () => true }

  /** A NOK 100.00 order paid with Vipps (authorized, nothing captured), webhooks registered. */
  async function paidOrder() {
    const store = await createStore(api, getContainer(), MARKETS.NOK)
    const registered = await api.post("/admin/vipps/webhooks", { provider_id: "vipps", url: hookUrl() }, store.admin)
    expect(registered.data.webhook.status).toBe("registered")
    return paidVippsOrder(api, getContainer(), sandbox(), MARKETS.NOK, [{ price: 100, quantity: 1 }], { store })
  }

  const details = (store: Store, paymentId: string) => api.get(`/admin/vipps/payments/${paymentId}`, { ...store.admin, ...ok })
  const action = (store: Store, paymentId: string, name: string, body: unknown = {}) =>
    api.post(`/admin/vipps/payments/${paymentId}/${name}`, body, { ...store.admin, ...ok })
  const moneyCalls = async (reference: string) =>
    (await sandbox().requests({ method: "POST" })).filter((r) => r.path.includes(`/payments/${reference}/`) && /\/(capture|refund|cancel)$/.test(r.path))

  describe("admin routes for the Vipps MobilePay order card and settings page", () => {
    beforeEach(async () => {
      await sandbox().webhookMode("deliver")
      await sandbox().clearFaults()
    })

    it("anonymous callers get 401 on every new admin route", async () => {
      const routes: [string, string][] = [
        ["get", "/admin/vipps/payments/pay_123"],
        ["post", "/admin/vipps/payments/pay_123/capture"],
        ["post", "/admin/vipps/payments/pay_123/refund"],
        ["post", "/admin/vipps/payments/pay_123/release"],
        ["post", "/admin/vipps/payments/pay_123/refresh"],
        ["get", "/admin/vipps/settings"],
      ]
      for (const [method, path] of routes) {
        const res = method === "get" ? await api.get(path, ok) : await api.post(path, { amount: "1" }, ok)
        expect([path, res.status]).toEqual([path, 401])
      }
    })

    it("details: amounts from Vipps, deadline, and an event log merging the events endpoint with received webhooks", async () => {
      const { store, paymentId, reference } = await paidOrder()
      // The AUTHORIZED webhook arrives and is processed asynchronously.
      const view = await eventually(async () => {
        const { data } = await details(store, paymentId)
        const authorized = data.payment.events.find((e: any) => e.event === "AUTHORIZED")
        return authorized?.source === "both" && authorized.webhook_status === "processed" ? data.payment : undefined
      })
      expect(view).toMatchObject({
        payment_id: paymentId,
        provider_id: "pp_vipps_vipps",
        provider_name: "Vipps MobilePay (NOK)",
        reference,
        state: "AUTHORIZED",
        status: "authorized",
        currency: "NOK",
        amounts: { authorized: "100.00", captured: "0.00", refunded: "0.00", cancelled: "0.00" },
        available: { capture: "100.00", refund: "0.00", release: "100.00" },
        amounts_source: "vipps",
        deadline_warning: null,
      })
      expect(view.psp_reference).toEqual(expect.any(String))
      expect(Date.parse(view.capture_deadline) - Date.now()).toBeGreaterThan(170 * 24 * 3600 * 1000) // NOK: 180 days
      expect(view.error).toBeUndefined()

      const names = view.events.map((e: any) => e.event)
      expect(names).toEqual(["AUTHORIZED", "CREATED"]) // newest first
      expect(view.events[1]).toMatchObject({ event: "CREATED", source: "vipps" }) // from the events endpoint: CREATED is not subscribed
      const authorized = view.events[0]
      expect(authorized).toMatchObject({ amount: "100.00", currency: "NOK", success: true, source: "both", webhook_error: null })
      expect(authorized.received_at).toEqual(expect.any(String))
      // Exactly what Vipps lists, nothing duplicated by the webhook copy.
      expect(view.events).toHaveLength((await sandbox().payment(reference)).events.length)
    })

    it("capture 40 then refund 15 through the card's routes: exactly 4000 / 1500 at Vipps", async () => {
      const { store, paymentId, reference } = await paidOrder()

      const captured = await action(store, paymentId, "capture", { amount: "40.00" })
      expect(captured.status).toBe(200)
      expect(captured.data.payment).toMatchObject({
        status: "partially_captured",
        amounts: { captured: "40.00" },
        available: { capture: "60.00", refund: "40.00" },
        medusa: { captured: "40.00" },
      })

      const refunded = await action(store, paymentId, "refund", { amount: 15 })
      expect(refunded.status).toBe(200)
      expect(refunded.data.payment).toMatchObject({
        status: "partially_refunded",
        amounts: { captured: "40.00", refunded: "15.00" },
        medusa: { refunded: "15.00" },
      })

      const vipps = await sandbox().payment(reference)
      expect(vipps.aggregate.capturedAmount.value).toBe(4000)
      expect(vipps.aggregate.refundedAmount.value).toBe(1500)
      const log = refunded.data.payment.events
      expect(log.slice(0, 2).map((e: any) => [e.event, e.amount])).toEqual([["REFUNDED", "15.00"], ["CAPTURED", "40.00"]])
      expect(log[0].idempotency_key).toEqual(expect.any(String))
    })

    it("impossible amounts are refused with 400 and a clear message, and nothing is sent to Vipps", async () => {
      const { store, paymentId, reference } = await paidOrder()
      const cases: [string, unknown, RegExp][] = [
        ["capture", { amount: 0 }, /greater than 0/],
        ["capture", { amount: "-5" }, /negative/],
        ["capture", { amount: "12.345" }, /at most 2 decimals/],
        ["capture", { amount: "ten" }, /not a decimal number/],
        ["capture", {}, /amount/],
        ["capture", { amount: "100.01" }, /at most NOK 100\.00 is left to capture/],
        ["refund", { amount: "1.00" }, /Nothing can be refunded/],
      ]
      for (const [name, body, message] of cases) {
        const res = await action(store, paymentId, name, body)
        expect([name, body, res.status]).toEqual([name, body, 400])
        expect(res.data.message).toMatch(message)
      }
      expect(await moneyCalls(reference)).toHaveLength(0)

      await action(store, paymentId, "capture", { amount: "100" })
      const tooMuch = await action(store, paymentId, "refund", { amount: "100.50" })
      expect(tooMuch.status).toBe(400)
      expect(tooMuch.data.message).toMatch(/at most NOK 100\.00 can be refunded/)
      const nothingLeft = await action(store, paymentId, "release")
      expect(nothingLeft.status).toBe(400)
      expect(nothingLeft.data.message).toMatch(/nothing to release/)
      expect((await moneyCalls(reference)).map((r) => r.path.split("/").pop())).toEqual(["capture"])

      expect((await details(store, "pay_unknown")).status).toBe(404)
    })

    it("amounts must be plain decimals: exponent, hex, Infinity, signs and inner spaces are refused with 400 and nothing is sent", async () => {
      const { store, paymentId, reference } = await paidOrder()
      const refused: unknown[] = ["1e3", "1E2", "0x10", "Infinity", "+5", " 4 0", "40.", ".5", "4,50", 1e21]
      for (const amount of refused) {
        const res = await action(store, paymentId, "capture", { amount })
        expect([amount, res.status]).toEqual([amount, 400])
        expect(res.data.message).toBe(
          `Invalid amount: ${JSON.stringify(String(typeof amount === "string" ? amount.trim() : amount))} is not a decimal number. ` +
            'Write the amount in NOK with digits and at most one decimal point, e.g. "40", "40.5" or "40.50" (no exponent, sign, spaces or letters).'
        )
      }
      expect(await moneyCalls(reference)).toHaveLength(0)

      // Plain decimals as text, and a number that is exactly such a decimal, are taken.
      for (const amount of ["40", "40.5", "9.50", 0.25]) {
        const res = await action(store, paymentId, "capture", { amount })
        expect([amount, res.status]).toEqual([amount, 200])
      }
      expect((await sandbox().payment(reference)).aggregate.capturedAmount.value).toBe(4000 + 4050 + 950 + 25)
    })

    it(
      "Vipps's rate limit: the admin is answered at once with 429 'try again in N s', while a fulfilment capture waits it out in the background",
      async () => {
        const { store, paymentId, reference, orderId, itemIds } = await paidOrder()
        // The sandbox, like Vipps, takes 5 captures per payment per minute.
        for (let i = 0; i < 5; i++) expect((await action(store, paymentId, "capture", { amount: "1" })).status).toBe(200)

        const started = Date.now()
        const limited = await action(store, paymentId, "capture", { amount: "1" })
        expect(Date.now() - started).toBeLessThan(3_000)
        expect(limited.status).toBe(429)
        const seconds = Number(limited.headers["retry-after"])
        expect(seconds).toBeGreaterThanOrEqual(30)
        expect(seconds).toBeLessThanOrEqual(60)
        expect(limited.data).toMatchObject({
          type: "vipps_error",
          merchant_message: `Vipps MobilePay is busy with this payment; try again in ${seconds} s.`,
          vipps_status: 429,
          retry_after_seconds: seconds,
        })
        expect(await capturesAtVipps(sandbox(), reference)).toEqual([100, 100, 100, 100, 100])
        expect((await medusaPayment(api, store, paymentId)).capturedMinor).toBe(500)

        // Nobody waits for a fulfilment's capture: it waits as long as Vipps said, then captures the rest.
        await fulfil(api, store, orderId, [{ id: itemIds[0], quantity: 1 }])
        const captures = await eventually(async () => {
          const done = await capturesAtVipps(sandbox(), reference)
          return sum(done) === 10000 ? done : undefined
        }, 100_000)
        expect(captures).toEqual([100, 100, 100, 100, 100, 9500])
        expect(Date.now() - started).toBeGreaterThanOrEqual((seconds - 1) * 1000)
      },
      180_000
    )

    it("a Vipps rejection is answered with its readable message, code and trace id", async () => {
      const { store, paymentId, reference } = await paidOrder()
      await sandbox().fault({ method: "POST", pathContains: `/payments/${reference}/capture`, count: 1, kind: "error", status: 400 })
      const res = await action(store, paymentId, "capture", { amount: "10" })
      expect(res.status).toBe(400)
      expect(res.data).toMatchObject({ type: "vipps_error", merchant_message: "Vipps MobilePay rejected the request as invalid.", vipps_status: 400 })
      expect(res.data.trace_id).toEqual(expect.any(String))
      expect(res.data.message).toContain(`trace ${res.data.trace_id}`)
      expect((await sandbox().payment(reference)).aggregate.capturedAmount.value).toBe(0)
    })

    it("when Vipps cannot be reached the details still show the stored data with the reason", async () => {
      const { store, paymentId } = await paidOrder()
      await sandbox().fault({ method: "GET", pathContains: "/epayment/v1/payments/", count: 50, kind: "error", status: 503 })
      const { status, data } = await details(store, paymentId)
      await sandbox().clearFaults()
      expect(status).toBe(200)
      expect(data.payment.amounts_source).toBe("stored")
      expect(data.payment.amounts.authorized).toBe("100.00")
      expect(data.payment.error.message).toMatch(/server error/)
      expect(data.payment.error.trace_id).toEqual(expect.any(String))
    })

    it("refresh imports a capture made in the Vipps portal into Medusa", async () => {
      const { store, paymentId, reference } = await paidOrder()
      // No webhook this time: only the refresh can bring the portal's capture into Medusa.
      await sandbox().webhookMode("drop")
      await sandbox().portal(reference, "capture", 2500)
      const before = await details(store, paymentId)
      expect(before.data.payment).toMatchObject({ amounts: { captured: "25.00" }, medusa: { captured: "0.00" } })

      const res = await action(store, paymentId, "refresh")
      expect(res.status).toBe(200)
      expect(res.data.payment).toMatchObject({ amounts: { captured: "25.00" }, medusa: { captured: "25.00" } })
      const { data } = await api.get(`/admin/payments/${paymentId}?fields=*captures`, store.admin)
      expect(data.payment.captures.map((c: any) => c.amount)).toEqual([25])
      expect(await moneyCalls(reference)).toHaveLength(0) // recorded in Medusa without capturing again at Vipps
    })

    it("release after a partial capture frees exactly the remainder", async () => {
      const { store, paymentId, reference } = await paidOrder()
      await action(store, paymentId, "capture", { amount: "40" })
      const res = await action(store, paymentId, "release")
      expect(res.status).toBe(200)
      expect(res.data.released).toBe("60.00")
      expect(res.data.payment).toMatchObject({ amounts: { captured: "40.00", cancelled: "60.00" }, available: { capture: "0.00", release: "0.00" }, status: "captured" })
      const vipps = await sandbox().payment(reference)
      expect(vipps.aggregate.capturedAmount.value).toBe(4000)
      expect(vipps.aggregate.cancelledAmount.value).toBe(6000)
    })

    it("release before any capture releases the whole reservation and cancels the Medusa payment", async () => {
      const { store, paymentId, reference } = await paidOrder()
      const res = await action(store, paymentId, "release")
      expect(res.status).toBe(200)
      expect(res.data.released).toBe("100.00")
      expect(res.data.payment).toMatchObject({ status: "released", medusa: { canceled: true } })
      expect((await sandbox().payment(reference)).aggregate.cancelledAmount.value).toBe(10000)
    })

    it("settings: connection ok, webhook status, options with secrets masked", async () => {
      const store = await createStore(api, getContainer(), MARKETS.NOK)
      await api.post("/admin/vipps/webhooks", { provider_id: "vipps", url: hookUrl() }, store.admin)
      const res = await api.get("/admin/vipps/settings", store.admin)
      const raw = JSON.stringify(res.data)
      for (const secret of ["sandbox-nok-secret", "sandbox-nok-key", "sandbox-dkk-secret", "sandbox-dkk-key", "sandbox-eur-secret", "sandbox-eur-key"]) {
        expect(raw).not.toContain(secret)
      }
      const ids = res.data.providers.map((p: any) => p.id).sort()
      expect(ids).toEqual(["pp_vipps_mobilepay", "pp_vipps_mobilepay_fi", "pp_vipps_vipps"])
      const nok = res.data.providers.find((p: any) => p.id === "pp_vipps_vipps")
      expect(nok.connection).toMatchObject({ ok: true })
      expect(nok.webhook).toMatchObject({ status: "registered", url: hookUrl() })
      expect(nok.options).toMatchObject({ clientSecret: "sand…cret", subscriptionKey: "sand…-key", merchantSerialNumber: "100001", clientId: "sandbox-nok-client" })
      expect(nok.merchant_serial_number).toBe("100001")
      expect(nok.name).toBe("Vipps MobilePay (NOK)") // the currency of the regions it is enabled in
      const dkk = res.data.providers.find((p: any) => p.id === "pp_vipps_mobilepay")
      expect(dkk.webhook.status).toBe("not_registered")
    })

    it("settings report a failed connection with the readable reason and trace id", async () => {
      const store = await createStore(api, getContainer(), MARKETS.NOK)
      await sandbox().fault({ method: "GET", pathContains: "/webhooks/v1/webhooks", count: 50, kind: "error", status: 403 })
      const res = await api.get("/admin/vipps/settings", store.admin)
      await sandbox().clearFaults()
      const nok = res.data.providers.find((p: any) => p.id === "pp_vipps_vipps")
      expect(nok.connection).toMatchObject({ ok: false, status: 403 })
      expect(nok.connection.message).toMatch(/not allowed to use this API/)
      expect(nok.connection.trace_id).toEqual(expect.any(String))
    })

    it("the store API never exposes the event log", async () => {
      const { store, session, reference } = await paidOrder()
      const token = session.data.return_token as string
      const { data } = await api.get(`/store/vipps/payments/${reference}?token=${token}`, store.storeHeaders)
      expect(Object.keys(data).sort()).toEqual(["cart_id", "code", "message", "order_id", "reference", "state", "status"])
      expect(JSON.stringify(data)).not.toMatch(/events|idempotency|pspReference|psp_reference/i)

      for (const path of [`/store/vipps/payments/${reference}/events`, `/store/vipps/payments/${reference}/log`, "/store/vipps/settings"]) {
        const res = await api.get(path, { ...store.storeHeaders, ...ok })
        expect([path, res.status]).toEqual([path, 404])
      }
      // The admin route with a publishable key only, no admin session: still 401.
      const anonymous = await api.get(`/admin/vipps/payments/${reference}`, { ...store.storeHeaders, ...ok })
      expect(anonymous.status).toBe(401)
    })
  })
})
