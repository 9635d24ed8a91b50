import { buildReceipt } from "../order-receipt"

describe("Vipps receipt from a Medusa order", () => {
  it("has one line per item and shipping method, in exact minor units, tax included", () => {
    const receipt = buildReceipt({
      display_id: 42,
      currency_code: "nok",
      items: [
        { id: "item_1", product_title: "Ullgenser", variant_title: "M", quantity: 2, total: 1598, tax_total: 319.6, discount_total: 0, tax_lines: [{ rate: 25 }] },
        { id: "item_2", title: "Lue", quantity: 3, raw_total: { value: "100" }, tax_total: 20, discount_total: 0.01, tax_lines: [{ rate: 25 }] },
      ],
      shipping_methods: [{ id: "sm_1", name: "Standard", total: 49, tax_total: 9.8, tax_lines: [{ rate: 25 }] }],
    })
    expect(receipt.bottomLine).toEqual({ currency: "NOK", receiptNumber: "42" })
    expect(receipt.orderLines).toEqual([
      { id: "item_1", name: "Ullgenser – M", totalAmount: 159800, totalAmountExcludingTax: 127840, totalTaxAmount: 31960, taxRate: 2500, unitInfo: { unitPrice: 79900, quantity: "2", quantityUnit: "PCS" } },
      // 100.01 before discount does not split into whole øre over 3 units: no unit price.
      { id: "item_2", name: "Lue", totalAmount: 10000, totalAmountExcludingTax: 8000, totalTaxAmount: 2000, taxRate: 2500, discount: 1 },
      { id: "sm_1", name: "Standard", totalAmount: 4900, totalAmountExcludingTax: 3920, totalTaxAmount: 980, taxRate: 2500, isShipping: true },
    ])
  })
})
