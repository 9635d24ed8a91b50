// Order Management API (receipts, categories, images) under /order-management (NOTES §10).
// Its spec declares errors as application/json ErrorResponse ({title, detail, instance,
// invalidParams}), so errors here keep the problem fields but use that content type.
import { randomUUID } from "node:crypto"
import { ApiError, httpError, problemBody, validationError, type ExtraDetail } from "./errors"
import type { ApiResponse, SandboxMerchant } from "./types"
import { CATEGORY_TYPES, CategoriesV3 } from "./order-categories-v3"
import { receiptErrors } from "./validation"

const ORDER_ID_RE = /^[0-9A-Za-z-_.]+$/
const CATEGORIES = CATEGORY_TYPES

type OrderRecord = { receipt?: unknown; category?: { category: string; orderDetailsUrl: string; imageId?: string | null } }

export class OrderManagement {
  private orders = new Map<string, OrderRecord>()
  private images = new Map<string, { imageId: string; src: string }>()

  /** `paymentExists` lets ECOM orders be checked against real ePayment references (404 otherwise). */
  private v3: CategoriesV3

  constructor(private paymentExists: (msn: string, reference: string) => boolean) {
    this.v3 = new CategoriesV3(paymentExists, (msn, imageId) => this.images.has(`${msn}|${imageId}`))
  }

  clear() {
    this.orders.clear()
    this.images.clear()
    this.v3.clear()
  }

  handle(method: string, subpath: string, body: unknown, merchant: SandboxMerchant, instance: string, query = new URLSearchParams()): ApiResponse {
    try {
      const parts = subpath.split("/").filter(Boolean).map(decodeURIComponent)
      return this.v3.route(method, parts, query, body, merchant) ?? this.route(method, subpath, body, merchant)
    } catch (e) {
      if (!(e instanceof ApiError)) throw e
      const pb = problemBody(e, instance)
      const invalidParams = e.extraDetails?.filter((d) => d.name !== "ErrorCode")
      return { status: e.status, contentType: "application/json", body: { ...pb, ...(invalidParams?.length ? { invalidParams } : {}) }, headers: e.headers }
    }
  }

  private route(method: string, subpath: string, body: unknown, merchant: SandboxMerchant): ApiResponse {
    const parts = subpath.split("/").filter(Boolean).map(decodeURIComponent)
    if (method === "POST" && parts.length === 2 && parts[0] === "v1" && parts[1] === "images") return this.addImage(merchant, body)
    if (parts[0] === "v2" && parts.length >= 3) {
      const paymentType = parts[1].toUpperCase()
      if (paymentType !== "ECOM" && paymentType !== "RECURRING") throw validationError([{ name: "paymentType", reason: "paymentType must be ECOM or RECURRING." }])
      if (method === "POST" && parts.length === 4 && parts[2] === "receipts") return this.addReceipt(merchant, paymentType, parts[3], body)
      if (method === "PUT" && parts.length === 4 && parts[2] === "categories") return this.putCategory(merchant, paymentType, parts[3], body)
      if (method === "GET" && parts.length === 3) return this.getOrder(merchant, paymentType, parts[2])
    }
    if (parts[0] === "v1" && (parts[1] === "orders" || parts[1] === "receipts")) {
      throw httpError(404, `${method} ${subpath} is deprecated and no longer available; use /v2/{paymentType}/receipts, /v2/{paymentType}/categories or /v3/categories.`)
    }
    throw httpError(404, `No Order Management route for ${method} ${subpath}.`)
  }

  private orderKey(msn: string, paymentType: string, orderId: string) {
    if (!ORDER_ID_RE.test(orderId)) throw validationError([{ name: "orderId", reason: "orderId must match ^[0-9A-Za-z-_\\.]+$." }])
    return `${msn}|${paymentType}|${orderId}`
  }

  private requireOrder(msn: string, paymentType: string, orderId: string) {
    // ePayment references live in the same sandbox; RECURRING agreements do not, so no check there.
    if (paymentType === "ECOM" && !this.paymentExists(msn, orderId)) throw httpError(404, `No payment with reference ${orderId} for this sales unit.`)
  }

  private addReceipt(m: SandboxMerchant, paymentType: string, orderId: string, body: unknown): ApiResponse {
    const key = this.orderKey(m.msn, paymentType, orderId)
    const errors = receiptErrors(body, "receipt")
    if (errors.length) throw validationError(errors)
    this.requireOrder(m.msn, paymentType, orderId)
    const rec = this.orders.get(key) ?? {}
    if (rec.receipt) throw httpError(409, `A receipt already exists for ${orderId}; receipts are immutable.`)
    rec.receipt = body
    this.orders.set(key, rec)
    return { status: 201, contentType: "application/json", body: randomUUID() }
  }

  private putCategory(m: SandboxMerchant, paymentType: string, orderId: string, body: unknown): ApiResponse {
    const key = this.orderKey(m.msn, paymentType, orderId)
    const b = (body ?? {}) as Record<string, unknown>
    const errors: ExtraDetail[] = []
    if (!CATEGORIES.includes(b.category as string)) errors.push({ name: "category", reason: `category must be one of ${CATEGORIES.join(", ")}.` })
    let urlOk = typeof b.orderDetailsUrl === "string" && b.orderDetailsUrl.length > 0
    try {
      if (urlOk) new URL(b.orderDetailsUrl as string)
    } catch {
      urlOk = false
    }
    if (!urlOk) errors.push({ name: "orderDetailsUrl", reason: "orderDetailsUrl must be an absolute URL." })
    if (b.imageId !== undefined && b.imageId !== null) {
      if (typeof b.imageId !== "string" || !ORDER_ID_RE.test(b.imageId) || b.imageId.length > 128) errors.push({ name: "imageId", reason: "Invalid imageId." })
      else if (!this.images.has(`${m.msn}|${b.imageId}`)) errors.push({ name: "imageId", reason: `Image ${b.imageId} has not been uploaded.` })
    }
    if (errors.length) throw validationError(errors)
    this.requireOrder(m.msn, paymentType, orderId)
    const rec = this.orders.get(key) ?? {}
    rec.category = { category: b.category as string, orderDetailsUrl: b.orderDetailsUrl as string, ...(b.imageId ? { imageId: b.imageId as string } : {}) }
    this.orders.set(key, rec)
    return { status: 200, contentType: "application/json", body: "Category upserted" }
  }

  private getOrder(m: SandboxMerchant, paymentType: string, orderId: string): ApiResponse {
    const rec = this.orders.get(this.orderKey(m.msn, paymentType, orderId))
    if (!rec) throw httpError(404, `No order data for ${orderId}.`)
    return { status: 200, contentType: "application/json", body: { ...(rec.category ? { category: rec.category } : {}), ...(rec.receipt ? { receipt: rec.receipt } : {}) } }
  }

  private addImage(m: SandboxMerchant, body: unknown): ApiResponse {
    const b = (body ?? {}) as Record<string, unknown>
    const errors: ExtraDetail[] = []
    if (typeof b.imageId !== "string" || !ORDER_ID_RE.test(b.imageId) || b.imageId.length > 128) errors.push({ name: "imageId", reason: "imageId must match ^[0-9A-Za-z-_\\.]+$ (max 128)." })
    if (b.type !== "base64") errors.push({ name: "type", reason: "type must be 'base64'." })
    if (typeof b.src !== "string" || !b.src || !/^[A-Za-z0-9+/]+={0,2}$/.test(b.src)) errors.push({ name: "src", reason: "src must be base64 image data." })
    else if (Buffer.from(b.src, "base64").length > 2 * 1024 * 1024) errors.push({ name: "src", reason: "Images can be at most 2 MB." })
    if (errors.length) throw validationError(errors)
    const k = `${m.msn}|${b.imageId}`
    if (this.images.has(k)) throw httpError(409, `Image ${b.imageId} already exists; images cannot be overwritten.`)
    this.images.set(k, { imageId: b.imageId as string, src: b.src as string })
    return { status: 200, contentType: "application/json", body: { imageId: b.imageId } }
  }
}
