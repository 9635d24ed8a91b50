import { MARKETS, type Store } from "../helpers/store"
import { eventually, vippsIntegrationSuite } from "../helpers/sandbox"
import { capturesAtVipps, fulfil, getOrderDetails, medusaPayment, paidOrder, removeItems, staysTheSame, sum } from "../helpers/fulfillment"

/**
 * Items removed after payment with Medusa's order-edit admin API (removeItems: begin, quantity 0,
 * request, confirm). What Medusa 2.21 does with the payment on confirm decides what is left for the plugin:
 * createOrUpdateOrderPaymentCollectionWorkflow compares the new total with the captured order
 * transactions. If something is still to pay (pending_difference > 0) it cancels the order's
 * authorized collection and its not fully captured payments (at Vipps: the whole uncaptured
 * remainder is released) and opens a new collection for the difference. Only when what was
 * captured already covers the new total does the Vipps payment stay live with a remainder.
 */

/** The order's payment, as the admin order view shows it (with `canceled_at`). */
const vippsPaymentOf = (order: any, paymentId: string) =>
  order.payment_collections.flatMap((pc: any) => pc.payments ?? []).find((p: any) => p.id === paymentId)

const collections = (order: any) =>
  order.payment_collections.map((pc: any) => ({ status: pc.status, amount: pc.amount })).sort((a: any, b: any) => b.amount - a.amount)

// Default registration: `capture: "fulfillment"`.
vippsIntegrationSuite(({ api, getContainer, sandbox }) => {
  const capturedAtVipps = async (reference: string, expected: number) =>
    eventually(async () => {
      const captures = await capturesAtVipps(sandbox(), reference)
      return sum(captures) === expected ? captures : undefined
    })
  const cancelledAtVipps = async (reference: string, expected: number, timeoutMs?: number) =>
    eventually(async () => {
      const p = await sandbox().payment(reference)
      return p.aggregate.cancelledAmount.value === expected ? p : undefined
    }, timeoutMs)
  const medusaCaptured = async (order: { store: Store; paymentId: string }, expectedMinor: number) =>
    eventually(async () => {
      const p = await medusaPayment(api, order.store, order.paymentId)
      return p.capturedMinor === expectedMinor ? p : undefined
    })

  describe("capture after an order edit removed items", () => {
    it("a line removed before any capture: Medusa voids the authorization, nothing is captured for the removed line and nothing stays reserved", async () => {
      const order = await paidOrder(api, getContainer(), sandbox(), MARKETS.NOK, [{ price: 60, quantity: 1 }, { price: 40, quantity: 1 }])
      expect(order.total).toBe(100)
      const [kept, removed] = order.itemIds

      const edited = await removeItems(api, order.store, order.orderId, [removed])
      expect(edited.total).toBe(60)
      // Medusa cancelled the authorized collection (Vipps: all 100 released) and asks for 60 anew.
      expect(collections(edited)).toEqual([{ status: "canceled", amount: 100 }, { status: "not_paid", amount: 60 }])
      const vipps = await cancelledAtVipps(order.reference, 10000)
      expect(vipps.aggregate.capturedAmount.value).toBe(0)
      expect(vippsPaymentOf(edited, order.paymentId).canceled_at).toBeTruthy()

      // Fulfilling the rest captures nothing from the voided authorization, and is no failure.
      await fulfil(api, order.store, order.orderId, [{ id: kept, quantity: 1 }])
      expect(await staysTheSame(() => capturesAtVipps(sandbox(), order.reference))).toEqual([])
      const payment = await medusaPayment(api, order.store, order.paymentId)
      expect(payment.captures).toHaveLength(0)
      expect(payment.data.capture_failures ?? []).toEqual([])
      // Medusa released it, not the plugin: nothing to record as a plugin release.
      expect(payment.data.remainder_released).toBeUndefined()
      const after = (await sandbox().payment(order.reference)).aggregate
      expect(after.capturedAmount.value).toBe(0)
      expect(after.cancelledAmount.value).toBe(10000)
    })

    it("a line removed after a partial capture: Medusa releases the remainder, what was captured stays, the rest captures nothing", async () => {
      const order = await paidOrder(api, getContainer(), sandbox(), MARKETS.NOK, [{ price: 30, quantity: 1 }, { price: 30, quantity: 1 }, { price: 40, quantity: 1 }])
      const [first, second, removed] = order.itemIds
      await fulfil(api, order.store, order.orderId, [{ id: first, quantity: 1 }])
      await capturedAtVipps(order.reference, 3000)
      await medusaCaptured(order, 3000)

      const edited = await removeItems(api, order.store, order.orderId, [removed])
      expect(edited.total).toBe(60)
      // New total 60 − captured 30: Medusa cancels the payment (Vipps releases the 70 still
      // reserved) and opens a collection for the 30 still to pay.
      expect(collections(edited)).toEqual([{ status: "partially_captured", amount: 100 }, { status: "not_paid", amount: 30 }])
      expect(vippsPaymentOf(edited, order.paymentId).canceled_at).toBeTruthy()
      const vipps = await cancelledAtVipps(order.reference, 7000)
      expect(vipps.aggregate.capturedAmount.value).toBe(3000)

      await fulfil(api, order.store, order.orderId, [{ id: second, quantity: 1 }])
      expect(await staysTheSame(() => capturesAtVipps(sandbox(), order.reference))).toEqual([3000])
      const payment = await medusaPayment(api, order.store, order.paymentId)
      expect(payment.capturedMinor).toBe(3000)
      expect(payment.data.capture_failures ?? []).toEqual([])
    })

    it("an edit that leaves the captures covering the new total releases the remainder; the last fulfilment then moves no money", async () => {
      // 60 + 40 + a free gift line (0). The 60 is fulfilled and captured; the 40 is removed
      // (captured 60 = new total: Medusa keeps the Vipps payment): the plugin releases the 40
      // right after the edit; the gift's fulfilment completes the order and captures nothing.
      const order = await paidOrder(api, getContainer(), sandbox(), MARKETS.NOK, [{ price: 60, quantity: 1 }, { price: 40, quantity: 1 }, { price: 0, quantity: 1 }])
      expect(order.total).toBe(100)
      const [sixty, removed, gift] = order.itemIds
      await fulfil(api, order.store, order.orderId, [{ id: sixty, quantity: 1 }])
      await capturedAtVipps(order.reference, 6000)
      await medusaCaptured(order, 6000)

      const edited = await removeItems(api, order.store, order.orderId, [removed])
      expect(edited.total).toBe(60)
      expect(edited.payment_collections).toHaveLength(1)
      expect(vippsPaymentOf(edited, order.paymentId).canceled_at).toBeFalsy()
      await cancelledAtVipps(order.reference, 4000)

      await fulfil(api, order.store, order.orderId, [{ id: gift, quantity: 1 }])
      const vipps = await cancelledAtVipps(order.reference, 4000)
      expect(vipps.aggregate.capturedAmount.value).toBe(6000)
      expect(vipps.aggregate.refundedAmount.value).toBe(0)
      expect(await staysTheSame(() => capturesAtVipps(sandbox(), order.reference))).toEqual([6000])

      const payment = await eventually(async () => {
        const p = await medusaPayment(api, order.store, order.paymentId)
        return p.data.remainder_released?.length ? p : undefined
      })
      expect(payment.data.remainder_released).toEqual([expect.objectContaining({ amount: 4000, currency: "NOK", reason: "order_edited" })])
      expect(payment.capturedMinor).toBe(6000)
      expect(payment.captures).toHaveLength(1)
      const details = await getOrderDetails(api, order.store, order.orderId)
      expect(vippsPaymentOf(details, order.paymentId).canceled_at).toBeFalsy()
      expect(details.payment_collections[0].captured_amount).toBe(60)
      expect(details.fulfillment_status).toBe("fulfilled")
    })

    // Issue 4, "fully fulfilled with an uncaptured remainder (items removed)": the edit itself
    // completes the order, no fulfilment follows; the order-edit subscriber releases the 40.
    it("an edit that leaves the order fully fulfilled and fully captured releases the remainder", async () => {
      const order = await paidOrder(api, getContainer(), sandbox(), MARKETS.NOK, [{ price: 60, quantity: 1 }, { price: 40, quantity: 1 }])
      const [sixty, removed] = order.itemIds
      await fulfil(api, order.store, order.orderId, [{ id: sixty, quantity: 1 }])
      await capturedAtVipps(order.reference, 6000)
      await medusaCaptured(order, 6000)
      await removeItems(api, order.store, order.orderId, [removed])

      const vipps = await cancelledAtVipps(order.reference, 4000)
      expect(vipps.aggregate.capturedAmount.value).toBe(6000)
      // The release is stored on the payment just after Vipps confirms it: wait for it.
      const payment = await eventually(async () => {
        const p = await medusaPayment(api, order.store, order.paymentId)
        return p.data.remainder_released?.length ? p : undefined
      })
      expect(payment.data.remainder_released).toEqual([expect.objectContaining({ amount: 4000, reason: "order_edited" })])
    })
  })
})
