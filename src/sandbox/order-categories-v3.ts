// Order Management v3 categories (spec /v3/categories, NOTES §10): several category links per
// order, each with its own id. POST → 201 {categoryId}; GET ?orderId= → {categories}; GET and
// DELETE /v3/categories/{categoryId}. Like v2, ECOM orders must be ePayment references.
import { randomUUID } from "node:crypto"
import { httpError, validationError, type ExtraDetail } from "./errors"
import type { ApiResponse, SandboxMerchant } from "./types"

const ORDER_ID_RE = /^[0-9A-Za-z-_.]+$/
const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
export const CATEGORY_TYPES = ["GENERAL", "RECEIPT", "ORDER_CONFIRMATION", "DELIVERY", "TICKET", "BOOKING"]

type CategoryV3 = { categoryId: string; orderId: string; paymentType: string; type: string; url: string; imageId?: string }

const json = (body: unknown, status = 200): ApiResponse => ({ status, contentType: "application/json", body })

export class CategoriesV3 {
  private byId = new Map<string, CategoryV3 & { msn: string }>()

  constructor(
    private paymentExists: (msn: string, reference: string) => boolean,
    private imageExists: (msn: string, imageId: string) => boolean
  ) {}

  clear() {
    this.byId.clear()
  }

  /** Routes /v3/categories[/{id}]; undefined when the path is not a v3 one. */
  route(method: string, parts: string[], query: URLSearchParams, body: unknown, m: SandboxMerchant): ApiResponse | undefined {
    if (parts[0] !== "v3" || parts[1] !== "categories" || parts.length > 3) return undefined
    if (parts.length === 2 && method === "POST") return this.add(m, body)
    if (parts.length === 2 && method === "GET") return this.query(m, query.get("orderId"))
    if (parts.length === 3 && (method === "GET" || method === "DELETE")) {
      const c = this.find(m, parts[2])
      if (method === "GET") return json(view(c))
      this.byId.delete(c.categoryId)
      return { status: 200 }
    }
    return undefined
  }

  private add(m: SandboxMerchant, body: unknown): ApiResponse {
    const b = (body ?? {}) as Record<string, unknown>
    const errors: ExtraDetail[] = []
    if (typeof b.orderId !== "string" || !ORDER_ID_RE.test(b.orderId)) errors.push({ name: "orderId", reason: "orderId is required and must match ^[0-9A-Za-z-_\\.]+$." })
    if (b.paymentType !== "ECOM" && b.paymentType !== "RECURRING") errors.push({ name: "paymentType", reason: "paymentType must be ECOM or RECURRING." })
    if (!CATEGORY_TYPES.includes(b.type as string)) errors.push({ name: "type", reason: `type must be one of ${CATEGORY_TYPES.join(", ")}.` })
    if (typeof b.url !== "string" || !URL.canParse(b.url)) errors.push({ name: "url", reason: "url must be an absolute URL." })
    if (b.imageId !== undefined && b.imageId !== null) {
      if (typeof b.imageId !== "string" || !ORDER_ID_RE.test(b.imageId) || b.imageId.length > 128) errors.push({ name: "imageId", reason: "Invalid imageId." })
      else if (!this.imageExists(m.msn, b.imageId)) errors.push({ name: "imageId", reason: `Image ${b.imageId} has not been uploaded.` })
    }
    if (!errors.length && b.paymentType === "ECOM" && !this.paymentExists(m.msn, b.orderId as string)) {
      errors.push({ name: "orderId", reason: `No payment with reference ${b.orderId} for this sales unit.` })
    }
    if (errors.length) throw validationError(errors)
    const c = { msn: m.msn, categoryId: randomUUID(), orderId: b.orderId as string, paymentType: b.paymentType as string, type: b.type as string, url: b.url as string, ...(b.imageId ? { imageId: b.imageId as string } : {}) }
    this.byId.set(c.categoryId, c)
    return json({ categoryId: c.categoryId }, 201)
  }

  private query(m: SandboxMerchant, orderId: string | null): ApiResponse {
    if (!orderId || !ORDER_ID_RE.test(orderId)) throw validationError([{ name: "orderId", reason: "The orderId query parameter is required." }])
    return json({ categories: [...this.byId.values()].filter((c) => c.msn === m.msn && c.orderId === orderId).map(view) })
  }

  private find(m: SandboxMerchant, id: string) {
    if (!UUID_RE.test(id)) throw validationError([{ name: "categoryId", reason: "categoryId must be a UUID." }])
    const c = this.byId.get(id.toLowerCase())
    if (!c || c.msn !== m.msn) throw httpError(404, `Category ${id} not found.`)
    return c
  }
}

function view(c: CategoryV3 & { msn?: string }): CategoryV3 {
  const { msn: _msn, ...rest } = c
  return rest
}
