/**
 * The crash tests' view of the running store and sandbox, over HTTP only (the Medusa process
 * under test is a separate process that gets killed): store API checkouts, admin API calls and
 * the sandbox's control API.
 */
import { toMinorUnits } from "../../src/vipps"

export type Json = any

async function call(base: string, method: string, path: string, headers: Record<string, string>, body?: unknown, timeoutMs = 30_000): Promise<Json> {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: { "content-type": "application/json", ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(timeoutMs),
  })
  const text = await res.text()
  const json = text ? JSON.parse(text) : {}
  if (!res.ok) throw new Error(`${method} ${path} -> ${res.status}: ${text.slice(0, 500)}`)
  return json
}

export class Sandbox {
  constructor(readonly url: string) {}
  get = (path: string) => call(this.url, "GET", path, {})
  post = (path: string, body: unknown = {}) => call(this.url, "POST", path, {}, body)

  async payment(reference: string) {
    return (await this.get(`/_sandbox/payments/${encodeURIComponent(reference)}`)) as {
      state: string
      aggregate: Record<"authorizedAmount" | "capturedAmount" | "refundedAmount" | "cancelledAmount", { value: number }>
      events: { name: string; amount: { value: number }; success: boolean; idempotencyKey?: string | null }[]
    }
  }

  /** Money-moving requests the sandbox received for `reference` and `operation` (capture/refund/cancel). */
  async movementRequests(reference: string, operation: "capture" | "refund" | "cancel") {
    const { requests } = await this.get(`/_sandbox/requests?method=POST&pathContains=${encodeURIComponent(`/payments/${reference}/${operation}`)}`)
    return requests as { path: string; headers: Record<string, string>; body: any; status: number }[]
  }
}

export class Store {
  private adminToken = ""
  constructor(readonly url: string, readonly publishableKey: string) {}

  store = (method: string, path: string, body?: unknown) => call(this.url, method, path, { "x-publishable-api-key": this.publishableKey }, body)
  admin = (method: string, path: string, body?: unknown, timeoutMs?: number) =>
    call(this.url, method, path, { authorization: `Bearer ${this.adminToken}` }, body, timeoutMs)

  async login(email: string, password: string) {
    const { token } = await call(this.url, "POST", "/auth/user/emailpass", {}, { email, password })
    this.adminToken = token
  }

  /** A cart with one wool sweater (799.00) and Standard shipping (49.00) in Norway, paid with Vipps and approved: 848.00 NOK authorized. */
  async paidOrder(sandbox: Sandbox) {
    const { regions } = await this.store("GET", "/store/regions")
    const region = regions.find((r: Json) => r.name === "Norge")
    const { products } = await this.store("GET", `/store/products?handle=ullgenser&region_id=${region.id}`)
    let { cart } = await this.store("POST", "/store/carts", { region_id: region.id, email: "kunde@vipps.test", items: [{ variant_id: products[0].variants[0].id, quantity: 1 }] })
    const address = { first_name: "Kari", last_name: "Nordmann", address_1: "Karl Johans gate 1", city: "Oslo", postal_code: "0154", country_code: "no" }
    ;({ cart } = await this.store("POST", `/store/carts/${cart.id}`, { shipping_address: address, billing_address: address }))
    const { shipping_options } = await this.store("GET", `/store/shipping-options?cart_id=${cart.id}`)
    const standard = shipping_options.find((o: Json) => o.name === "Standard")
    await this.store("POST", `/store/carts/${cart.id}/shipping-methods`, { option_id: standard.id })
    const { payment_collection } = await this.store("POST", "/store/payment-collections", { cart_id: cart.id })
    const { payment_collection: pc } = await this.store("POST", `/store/payment-collections/${payment_collection.id}/payment-sessions`, { provider_id: "pp_vipps_vipps" })
    const reference = pc.payment_sessions[0].data.reference as string
    await sandbox.post(`/_sandbox/payments/${encodeURIComponent(reference)}/approve`)
    const result = await this.store("POST", `/store/carts/${cart.id}/complete`)
    if (result.type !== "order") throw new Error(`cart not completed: ${JSON.stringify(result.error)}`)
    const order = await this.order(result.order.id)
    return { orderId: order.id as string, paymentId: order.payment_collections[0].payments[0].id as string, reference, order }
  }

  async order(orderId: string) {
    const fields = "id,total,payment_status,*items,*payment_collections,*payment_collections.payments"
    return (await this.admin("GET", `/admin/orders/${orderId}?fields=${fields}`)).order
  }

  /** Medusa's captured and refunded totals of a payment, in minor units (øre). */
  async medusaAmounts(paymentId: string) {
    const { payment } = await this.admin("GET", `/admin/payments/${paymentId}?fields=currency_code,*captures,*refunds`)
    const minor = (rows: Json[]) => rows.reduce((t: number, r: Json) => t + toMinorUnits(r.amount, payment.currency_code), 0)
    return { captured: minor(payment.captures ?? []), refunded: minor(payment.refunds ?? []) }
  }

  card(paymentId: string) {
    return this.admin("GET", `/admin/vipps/payments/${paymentId}`)
  }
}
