import { captureAmount, fulfillmentValue, isOrderComplete, roundToMinorUnits, sumInMinorUnits } from "../fulfillment-amounts"

const item = (id: string, quantity: number | string, total: number | string, detail: Record<string, number> = {}) => ({ id, quantity, total, detail })

describe("fulfillmentValue", () => {
  it("values the fulfilled quantities at the line's per-unit total, shipping with the first fulfilment", () => {
    const items = [item("a", 2, 200), item("b", 1, 49.9)]
    expect(fulfillmentValue({ items, fulfilled: [{ line_item_id: "a", quantity: 1 }], shippingTotals: [59], includeShipping: true, currency: "NOK" })).toBe(15900)
    expect(fulfillmentValue({ items, fulfilled: [{ line_item_id: "a", quantity: 1 }, { line_item_id: "b", quantity: 1 }], shippingTotals: [59], includeShipping: false, currency: "NOK" })).toBe(14990)
  })

  it("uses totals after discounts (a line total of 100 for 3 units is 33.33…, rounded once per fulfilment)", () => {
    const items = [item("a", 3, 100)]
    expect(fulfillmentValue({ items, fulfilled: [{ line_item_id: "a", quantity: 1 }], includeShipping: false, currency: "DKK" })).toBe(3333)
    expect(fulfillmentValue({ items, fulfilled: [{ line_item_id: "a", quantity: 2 }], includeShipping: false, currency: "DKK" })).toBe(6667)
    // 3 × (100/3) multiplied before dividing: exactly 100, no 99.99.
    expect(fulfillmentValue({ items, fulfilled: [{ line_item_id: "a", quantity: 3 }], includeShipping: false, currency: "DKK" })).toBe(10000)
  })

  it("is exact where floats are not (0.1 + 0.2, 19.99 × 3) and accepts raw { value } amounts", () => {
    const items = [item("a", 1, 0.1), item("b", 1, 0.2), item("c", 3, { value: "59.97" } as any)]
    const fulfilled = [{ line_item_id: "a", quantity: 1 }, { line_item_id: "b", quantity: 1 }, { line_item_id: "c", quantity: 3 }]
    expect(fulfillmentValue({ items, fulfilled, includeShipping: false, currency: "EUR" })).toBe(6027)
  })

  it("ignores unknown lines and zero-quantity lines", () => {
    expect(fulfillmentValue({ items: [item("a", 0, 0)], fulfilled: [{ line_item_id: "a", quantity: 1 }, { line_item_id: "x", quantity: 1 }], includeShipping: false, currency: "NOK" })).toBe(0)
  })
})

describe("isOrderComplete", () => {
  const items = [item("a", 2, 200, { fulfilled_quantity: 2, shipped_quantity: 1 }), item("b", 1, 50, { fulfilled_quantity: 1, shipped_quantity: 1 })]
  it("counts the trigger's quantity", () => {
    expect(isOrderComplete(items, "fulfillment")).toBe(true)
    expect(isOrderComplete(items, "shipment")).toBe(false)
    expect(isOrderComplete(items, "delivery")).toBe(false)
    expect(isOrderComplete([], "fulfillment")).toBe(false)
  })
})

describe("captureAmount", () => {
  it("captures the fulfilment's value while the order is not complete", () => {
    expect(captureAmount({ value: 3333, completes: false, orderTotal: 10000, authorized: 10000, captured: 0 })).toEqual({ amount: 3333, release: 0 })
  })
  it("the completing fulfilment captures the exact rest, whatever its own value rounds to", () => {
    expect(captureAmount({ value: 3333, completes: true, orderTotal: 10000, authorized: 10000, captured: 6667 })).toEqual({ amount: 3333, release: 0 })
    expect(captureAmount({ value: 3333, completes: true, orderTotal: 10000, authorized: 10000, captured: 6666 })).toEqual({ amount: 3334, release: 0 })
  })
  it("never exceeds what is left of the authorization (an admin captured meanwhile)", () => {
    expect(captureAmount({ value: 6000, completes: false, orderTotal: 10000, authorized: 10000, captured: 7000 })).toEqual({ amount: 3000, release: 0 })
    expect(captureAmount({ value: 6000, completes: true, orderTotal: 10000, authorized: 10000, captured: 10000 })).toEqual({ amount: 0, release: 0 })
  })
  it("items removed after payment: capture the order total, release the rest", () => {
    expect(captureAmount({ value: 2000, completes: true, orderTotal: 8000, authorized: 10000, captured: 6000 })).toEqual({ amount: 2000, release: 2000 })
  })
})

describe("rounding helpers", () => {
  it("round half up to minor units and sum exactly", () => {
    expect(roundToMinorUnits("33.335", "NOK")).toBe(3334)
    expect(roundToMinorUnits(33.334999, "NOK")).toBe(3333)
    expect(sumInMinorUnits([0.1, 0.2, "33.33", { value: "0.01" } as any], "EUR")).toBe(3364)
    expect(sumInMinorUnits([], "EUR")).toBe(0)
  })
})
