import { MovementJournal } from "../../src/modules/vipps"
import { reconcileVippsPayments, releaseWaiting } from "../../src/reconciliation"
import { captureVippsFulfillmentWorkflow } from "../../src/workflows"
import { MARKETS } from "../helpers/store"
import { eventually, vippsIntegrationSuite } from "../helpers/sandbox"
import { fulfil, getOrderDetails, medusaPayment, paidOrder, removeItems } from "../helpers/fulfillment"

/**
 * Vipps's capture errors of August 2026 (UPDATES-2026.md), decided on the numeric ErrorCode:
 * 6260 "Funds unavailable" (the customer's bank released the reservation: final) and 6280
 * "Capture failed, please try again later" (transient: the same request again, same key).
 * Two client retries (three attempts per call): Vipps (and the sandbox) allow 5 captures per
 * minute per reference, so a call and its repair stay within one minute's budget.
 */
vippsIntegrationSuite(({ api, getContainer, sandbox }) => {
  const SENTENCE_6260 = /^The customer's bank released the reserved amount; nothing was captured\. Do not ship the order: contact the customer/
  const captureCalls = async (reference: string) => sandbox().requests({ method: "POST", pathContains: `/payments/${reference}/capture` })
  const journal = () => MovementJournal.fromContainer(getContainer())!
  const card = async (store: any, paymentId: string) => (await api.get(`/admin/vipps/payments/${paymentId}`, store.admin)).data.payment
  /** Makes the job treat the payment's pending movements as left behind by a dead process. */
  const ageMovements = (reference: string) =>
    (getContainer().resolve("__pg_connection__") as any).raw(
      `update "vipps_movement" set "updated_at" = now() - interval '1 hour' where "reference" = ? and "status" = 'pending'`,
      [reference]
    )

  describe("6260 funds unavailable", () => {
    it("a fulfilment whose capture Vipps refuses with 6260: nothing captured in Medusa, the sentence on the card, one attempt at Vipps, no retry by the job", async () => {
      const order = await paidOrder(api, getContainer(), sandbox(), MARKETS.NOK, [{ price: 100, quantity: 1 }])
      await sandbox().captureError(order.reference, "6260")
      const logger = getContainer().resolve("logger") as Record<"error" | "warn", (...args: unknown[]) => void>
      const lines: string[] = []
      const spies = (["error", "warn"] as const).map((level) => jest.spyOn(logger, level).mockImplementation((message: unknown) => void lines.push(`${level} ${String(message)}`)))
      const fulfillmentId = await fulfil(api, order.store, order.orderId, [{ id: order.itemIds[0], quantity: 1 }])

      const failed = await eventually(async () => {
        const p = await medusaPayment(api, order.store, order.paymentId)
        return p.data.capture_failures?.length ? p : undefined
      })
      const failure = failed.data.capture_failures[0]
      expect(failure).toEqual(
        expect.objectContaining({ fulfillment_id: fulfillmentId, amount: 10000, currency: "NOK", status: 400, code: "6260", definitive: true })
      )
      expect(failure.message).toMatch(SENTENCE_6260)
      expect(failure.trace_id).toEqual(expect.any(String))
      // Logged once, with its context: order, fulfilment, amount, code, HTTP status, trace id.
      spies.forEach((spy) => spy.mockRestore())
      const about = lines.filter((l) => l.includes("6260") || l.includes(order.reference) || l.includes(fulfillmentId))
      expect(about).toHaveLength(1)
      expect(about[0]).toMatch(new RegExp(`^error Vipps MobilePay capture of 100\\.00 NOK for fulfilment ${fulfillmentId} on order ${order.orderId} failed: The customer's bank released .*\\(code 6260, HTTP 400\\) trace 00-`))

      // Nothing recorded as captured in Medusa; the fulfilment stays.
      expect(failed.captures).toHaveLength(0)
      expect(failed.captured_at).toBeFalsy()
      const details = await getOrderDetails(api, order.store, order.orderId)
      expect(details.payment_collections[0].captured_amount).toBe(0)
      expect(details.fulfillments.map((f: any) => f.id)).toEqual([fulfillmentId])

      // The record of intent is settled (failed: Vipps refused, Medusa's record removed), not pending.
      const movement = await journal().byKey(failure.idempotency_key)
      expect(movement).toMatchObject({ status: "failed", kind: "capture", amount: 10000 })
      expect(movement!.last_error).toMatch(/code 6260/)

      // The card (payment view) shows the sentence and the amounts as Vipps holds them.
      const view = await card(order.store, order.paymentId)
      expect(view.capture_failures[0].message).toMatch(SENTENCE_6260)
      expect(view.amounts.captured).toBe("0.00")
      expect(view.status).toBe("authorized")
      expect(view.in_progress).toEqual([])

      // One attempt at Vipps, and the job never sends it again (even with everything aged).
      expect(await captureCalls(order.reference)).toHaveLength(1)
      await ageMovements(order.reference)
      await reconcileVippsPayments(getContainer())
      expect(await captureCalls(order.reference)).toHaveLength(1)
      expect((await sandbox().payment(order.reference)).aggregate.capturedAmount.value).toBe(0)

      // Running the workflow again (a merchant's decision, new key) reports the same refusal in its result.
      const { errors } = await captureVippsFulfillmentWorkflow(getContainer()).run({ input: { fulfillment_id: fulfillmentId }, throwOnError: false })
      expect(errors[0].error.message).toMatch(SENTENCE_6260)
      const calls = await captureCalls(order.reference)
      expect(calls).toHaveLength(2)
      expect(new Set(calls.map((c) => c.headers["idempotency-key"])).size).toBe(2)
      expect((await medusaPayment(api, order.store, order.paymentId)).captures).toHaveLength(0)
    })

    it("an admin capture refused with 6260 answers the sentence (400) and records nothing", async () => {
      const order = await paidOrder(api, getContainer(), sandbox(), MARKETS.NOK, [{ price: 100, quantity: 1 }])
      await sandbox().captureError(order.reference, "6260", { status: 500 }) // the code decides, not the status
      const res = await api.post(`/admin/vipps/payments/${order.paymentId}/capture`, { amount: "40" }, { ...order.store.admin, validateStatus: () => true })
      expect(res.data).toMatchObject({ type: "vipps_error", code: "6260" })
      expect(res.data.merchant_message).toMatch(SENTENCE_6260)
      expect(await captureCalls(order.reference)).toHaveLength(1) // a 5xx carrying 6260 is not retried
      expect((await medusaPayment(api, order.store, order.paymentId)).captures).toHaveLength(0)
    })
  })

  describe("6280 capture failed, try again later", () => {
    it("twice, then success: exactly one capture at Vipps with one idempotency key", async () => {
      const order = await paidOrder(api, getContainer(), sandbox(), MARKETS.NOK, [{ price: 100, quantity: 1 }])
      await sandbox().captureError(order.reference, "6280", { count: 2 })
      await fulfil(api, order.store, order.orderId, [{ id: order.itemIds[0], quantity: 1 }])

      // Medusa records a plugin capture before asking Vipps: wait for the workflow's last write.
      const payment = await eventually(async () => {
        const p = await medusaPayment(api, order.store, order.paymentId)
        return p.data.captures_by_plugin?.length ? p : undefined
      })
      expect(payment.capturedMinor).toBe(10000)
      const calls = await captureCalls(order.reference)
      expect(calls.map((c) => c.status)).toEqual([500, 500, 200])
      expect(new Set(calls.map((c) => c.headers["idempotency-key"])).size).toBe(1)
      const atVipps = await sandbox().payment(order.reference)
      expect(atVipps.aggregate.capturedAmount.value).toBe(10000)
      expect(atVipps.events.filter((e) => e.name === "CAPTURED" && e.success)).toHaveLength(1)
      expect(payment.data.capture_failures ?? []).toEqual([])
    })

    it("longer than the client's retries: the capture stays in progress and the job finishes it with the same key", async () => {
      const order = await paidOrder(api, getContainer(), sandbox(), MARKETS.NOK, [{ price: 100, quantity: 1 }])
      await sandbox().captureError(order.reference, "6280", { count: 3 }) // 1 attempt + 2 retries
      await fulfil(api, order.store, order.orderId, [{ id: order.itemIds[0], quantity: 1 }])

      const pending = await eventually(async () => {
        const p = await medusaPayment(api, order.store, order.paymentId)
        return p.data.capture_failures?.length ? p : undefined
      })
      expect(pending.data.capture_failures[0]).toMatchObject({ code: "6280", definitive: false })
      expect(pending.data.capture_failures[0].message).toMatch(/Try again in a moment\. The capture stays in progress/)
      const view = await card(order.store, order.paymentId)
      expect(view.status).toBe("capture_in_progress")
      expect(view.in_progress[0]).toMatchObject({ kind: "capture", amount: "100.00" })
      expect((await sandbox().payment(order.reference)).aggregate.capturedAmount.value).toBe(0)

      await ageMovements(order.reference)
      const report = await reconcileVippsPayments(getContainer())
      expect(report.movements.finished).toBe(1)

      const calls = await captureCalls(order.reference)
      expect(calls.map((c) => c.status)).toEqual([500, 500, 500, 200])
      expect(new Set(calls.map((c) => c.headers["idempotency-key"])).size).toBe(1)
      expect((await sandbox().payment(order.reference)).aggregate.capturedAmount.value).toBe(10000)
      const after = await medusaPayment(api, order.store, order.paymentId)
      expect(after.capturedMinor).toBe(10000)
      expect(after.data.capture_failures[0].resolved_at).toEqual(expect.any(String))
      expect((await journal().byKey(pending.data.capture_failures[0].idempotency_key))?.status).toBe("done")
      expect((await card(order.store, order.paymentId)).status).toBe("captured")
    })

    it("the capture that leaves a fully fulfilled order with a remainder is held by 6280: the remainder is released only once the job finished the capture, as a normal last capture releases it", async () => {
      // 60 + 40 + a free gift. The 60's capture outlasts the client's retries (in progress);
      // the 40 is removed (Medusa counts the 60 in progress as captured, so the Vipps payment
      // stays); the gift's fulfilment completes the order: 40 stays reserved and is to be released.
      const order = await paidOrder(api, getContainer(), sandbox(), MARKETS.NOK, [{ price: 60, quantity: 1 }, { price: 40, quantity: 1 }, { price: 0, quantity: 1 }])
      const [sixty, removed, gift] = order.itemIds
      await sandbox().captureError(order.reference, "6280", { count: 3 })
      await fulfil(api, order.store, order.orderId, [{ id: sixty, quantity: 1 }])
      await eventually(async () => {
        const p = await medusaPayment(api, order.store, order.paymentId)
        return p.data.capture_failures?.length ? p : undefined
      })
      const edited = await removeItems(api, order.store, order.orderId, [removed])
      expect(edited.total).toBe(60)
      await fulfil(api, order.store, order.orderId, [{ id: gift, quantity: 1 }])
      // Releasing now would release the 60 in progress too: the release waits for the capture.
      const waiting = await eventually(async () => {
        const p = await medusaPayment(api, order.store, order.paymentId)
        return p.data.remainder_release_after_capture?.reason === "order_completed" ? p : undefined
      })
      expect(waiting.data.remainder_released ?? []).toEqual([])
      expect((await sandbox().payment(order.reference)).aggregate).toMatchObject({ capturedAmount: { value: 0 }, cancelledAmount: { value: 0 } })

      await ageMovements(order.reference)
      const report = await reconcileVippsPayments(getContainer())
      expect(report.movements).toMatchObject({ finished: 1, released: 1 })

      const atVipps = await sandbox().payment(order.reference)
      expect(atVipps.aggregate).toMatchObject({ authorizedAmount: { value: 10000 }, capturedAmount: { value: 6000 }, cancelledAmount: { value: 4000 }, refundedAmount: { value: 0 } })
      expect(atVipps.events.filter((e) => e.success).map((e) => e.name)).toEqual(["CREATED", "AUTHORIZED", "CAPTURED", "CANCELLED"])
      const after = await medusaPayment(api, order.store, order.paymentId)
      expect(after.capturedMinor).toBe(6000)
      expect(after.data.remainder_released).toEqual([expect.objectContaining({ amount: 4000, currency: "NOK", reason: "order_completed" })])
      expect(releaseWaiting(after.data)).toBeUndefined()
      expect(after.data.capture_failures[0].resolved_at).toEqual(expect.any(String))
      // Nothing left for a second run.
      expect((await reconcileVippsPayments(getContainer())).movements.released).toBe(0)
    })

    it("the admin's Release while a capture is held by 6280 answers 409 and releases nothing; the job releases once it finished the capture", async () => {
      const order = await paidOrder(api, getContainer(), sandbox(), MARKETS.NOK, [{ price: 60, quantity: 1 }, { price: 40, quantity: 1 }])
      await sandbox().captureError(order.reference, "6280", { count: 3 })
      await fulfil(api, order.store, order.orderId, [{ id: order.itemIds[0], quantity: 1 }])
      await eventually(async () => {
        const p = await medusaPayment(api, order.store, order.paymentId)
        return p.data.capture_failures?.length ? p : undefined
      })
      const release = await api.post(`/admin/vipps/payments/${order.paymentId}/release`, {}, { ...order.store.admin, validateStatus: () => true })
      expect(release.status).toBe(409)
      expect(release.data.message).toMatch(/^A capture of this payment is still in progress at Vipps MobilePay: the rest of the reservation is released as soon as it went through/)
      expect((await sandbox().payment(order.reference)).aggregate.cancelledAmount.value).toBe(0)

      await ageMovements(order.reference)
      expect((await reconcileVippsPayments(getContainer())).movements).toMatchObject({ finished: 1, released: 1 })
      const atVipps = await sandbox().payment(order.reference)
      expect(atVipps.aggregate).toMatchObject({ capturedAmount: { value: 6000 }, cancelledAmount: { value: 4000 } })
      const after = await medusaPayment(api, order.store, order.paymentId)
      expect(after.data.remainder_released).toEqual([expect.objectContaining({ amount: 4000, reason: "admin" })])
    })

    it("an admin capture answers 'try again in a moment' (503, Retry-After); the next try captures once", async () => {
      const order = await paidOrder(api, getContainer(), sandbox(), MARKETS.NOK, [{ price: 100, quantity: 1 }])
      await sandbox().captureError(order.reference, "6280", { count: 3 })
      const admin = { ...order.store.admin, validateStatus: () => true }
      const first = await api.post(`/admin/vipps/payments/${order.paymentId}/capture`, { amount: "40" }, admin)
      expect(first.status).toBe(503)
      expect(first.headers["retry-after"]).toBe("10")
      expect(first.data).toMatchObject({ type: "vipps_error", code: "6280", merchant_message: "Vipps MobilePay could not capture right now; nothing was captured. Try again in a moment." })
      expect((await medusaPayment(api, order.store, order.paymentId)).captures).toHaveLength(0)

      const second = await api.post(`/admin/vipps/payments/${order.paymentId}/capture`, { amount: "40" }, admin)
      expect(second.status).toBe(200)
      expect((await sandbox().payment(order.reference)).aggregate.capturedAmount.value).toBe(4000)
      expect((await medusaPayment(api, order.store, order.paymentId)).capturedMinor).toBe(4000)
      const calls = await captureCalls(order.reference)
      expect(new Set(calls.map((c) => c.headers["idempotency-key"])).size).toBe(1)
    })
  })
}, { VIPPS_MAX_RETRIES: "2" })
