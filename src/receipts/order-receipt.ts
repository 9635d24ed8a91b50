import { toMinorUnits } from "../vipps"
import type { Receipt, ReceiptOrderLine } from "../vipps"
import { shopperText, shopperVoice, type ShopperVoice } from "../shopper-texts"

/**
 * The receipt Vipps MobilePay shows in the app for an order (Order Management API): one line
 * per item and per shipping method, amounts in minor units, tax included and after discounts.
 * Built from Medusa's computed totals (exact decimals, never floats).
 */
type Amount = number | string | { value: string | number } | null | undefined

export type ReceiptOrder = {
  display_id?: number | string | null
  currency_code: string
  items?: ReceiptItem[] | null
  shipping_methods?: ReceiptShipping[] | null
}

type TaxLine = { rate?: number | string | null }

type ReceiptItem = {
  id: string
  title?: string | null
  product_title?: string | null
  variant_title?: string | null
  quantity: number | string
  total?: Amount
  raw_total?: Amount
  tax_total?: Amount
  raw_tax_total?: Amount
  discount_total?: Amount
  raw_discount_total?: Amount
  tax_lines?: (TaxLine | null)[] | null
}

type ReceiptShipping = {
  id: string
  name?: string | null
  total?: Amount
  raw_total?: Amount
  tax_total?: Amount
  raw_tax_total?: Amount
  tax_lines?: (TaxLine | null)[] | null
}

function minor(amount: Amount, currency: string): number {
  if (amount === null || amount === undefined) return 0
  // Medusa's computed totals are BigNumber objects; their `raw` is the exact { value }.
  const exact = (amount as { raw?: { value: string | number } }).raw ?? amount
  return toMinorUnits(exact as string | number | { value: string | number }, currency)
}

/** Sum of the tax rates in basis points (25 % → 2500), as the Order Management API wants. */
function taxRate(lines: ReceiptItem["tax_lines"]): number {
  const percent = (lines ?? []).reduce((total, line) => total + Number(line?.rate ?? 0), 0)
  return Math.round(percent * 100)
}

function line(id: string, name: string, total: number, tax: number, rate: number): ReceiptOrderLine {
  return { id, name: name.slice(0, 100), totalAmount: total, totalAmountExcludingTax: total - tax, totalTaxAmount: tax, taxRate: rate }
}

/** The receipt; a shipping method without a name is called "Shipping" in the shopper's language (`voice`). */
export function buildReceipt(order: ReceiptOrder, voice: ShopperVoice = shopperVoice({ currency: order.currency_code })): Receipt {
  const currency = order.currency_code.toUpperCase()
  const shippingName = shopperText("receipt_shipping", voice)
  const items = (order.items ?? []).map((item) => {
    const total = minor(item.raw_total ?? item.total, currency)
    const discount = minor(item.raw_discount_total ?? item.discount_total, currency)
    const quantity = Number(item.quantity)
    const name = [item.product_title ?? item.title, item.variant_title].filter(Boolean).join(" – ") || item.id
    const orderLine = line(item.id, name, total, minor(item.raw_tax_total ?? item.tax_total, currency), taxRate(item.tax_lines))
    // Unit price incl. tax before discount, only when it is a whole number of øre/cents.
    if (quantity > 0 && (total + discount) % quantity === 0) {
      orderLine.unitInfo = { unitPrice: (total + discount) / quantity, quantity: String(quantity), quantityUnit: "PCS" }
    }
    if (discount > 0) orderLine.discount = discount
    return orderLine
  })
  const shipping = (order.shipping_methods ?? []).map((method) => ({
    ...line(method.id, method.name || shippingName, minor(method.raw_total ?? method.total, currency), minor(method.raw_tax_total ?? method.tax_total, currency), taxRate(method.tax_lines)),
    isShipping: true,
  }))
  return {
    orderLines: [...items, ...shipping],
    bottomLine: { currency, ...(order.display_id ? { receiptNumber: String(order.display_id) } : {}) },
  }
}
