// Order Management API v2 (NOTES §10): receipts and category links shown in the Vipps MobilePay app.
import type { VippsHttp } from "./http"
import { OrderResponse, OrderResponseSchema, parseResponse } from "./schemas"

export interface ReceiptOrderLine {
  name: string
  id: string
  totalAmount: number
  totalAmountExcludingTax: number
  totalTaxAmount: number
  taxRate?: number
  taxPercentage?: number
  unitInfo?: { unitPrice: number; quantity: string; quantityUnit?: string }
  discount?: number
  productUrl?: string
  isReturn?: boolean
  isShipping?: boolean
  [field: string]: unknown
}

export interface Receipt {
  orderLines: ReceiptOrderLine[]
  bottomLine: { currency: string; receiptNumber?: string; [field: string]: unknown }
}

export type OrderCategory = "GENERAL" | "RECEIPT" | "ORDER_CONFIRMATION" | "DELIVERY" | "TICKET" | "BOOKING"

export interface CategoryInput {
  category: OrderCategory
  orderDetailsUrl: string
  imageId?: string
}

// ePayment payments live under payment type ECOM (the spec's enum is upper-case).
const BASE = "/order-management/v2/ECOM"

export function createOrderManagementApi(http: VippsHttp) {
  /** A receipt can be posted once per order; a 409 means it is already there, which is what we wanted. */
  async function addReceipt(reference: string, receipt: Receipt): Promise<{ added: boolean; alreadyAdded: boolean }> {
    const { status } = await http.request({
      operation: "addReceipt",
      method: "POST",
      path: `${BASE}/receipts/${encodeURIComponent(reference)}`,
      body: receipt,
      reference,
      idempotent: true, // a resend ends in 409 "already added" at worst
      acceptStatus: [409],
    })
    return status === 409 ? { added: false, alreadyAdded: true } : { added: true, alreadyAdded: false }
  }

  /** Only the latest category is shown in the app; PUT overwrites. */
  async function putCategory(reference: string, input: CategoryInput): Promise<void> {
    await http.request({
      operation: "putCategory",
      method: "PUT",
      path: `${BASE}/categories/${encodeURIComponent(reference)}`,
      body: input,
      reference,
    })
  }

  async function getOrder(reference: string): Promise<OrderResponse> {
    const { status, data } = await http.request({
      operation: "getOrder",
      method: "GET",
      path: `${BASE}/${encodeURIComponent(reference)}`,
      reference,
    })
    return parseResponse(OrderResponseSchema, data, { operation: "getOrder", reference, status })
  }

  return { addReceipt, putCategory, getOrder }
}

export type OrderManagementApi = ReturnType<typeof createOrderManagementApi>
