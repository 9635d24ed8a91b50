/**
 * The demo store through Medusa's HTTP APIs, as a storefront and an admin use them: carts in the
 * "Norge" region (NOK), paid with Vipps (pp_vipps_vipps) or with Medusa's pp_system_default.
 */
import { performance } from "node:perf_hooks"
import { jsonApi } from "./http"
import type { SandboxControl } from "./sandbox"

export const VIPPS = "pp_vipps_vipps"
export const SYSTEM_DEFAULT = "pp_system_default"
/** P2's floor (bench/floor-provider): registered only in the bench's stack. */
export const FLOOR = "pp_bench-floor_floor"
const ADDRESS = { first_name: "Kari", last_name: "Nordmann", address_1: "Karl Johans gate 1", city: "Oslo", postal_code: "0154", country_code: "no", phone: "+4791234567" }

export type Checkout = { cartId: string; sessionMs: number; completeMs: number; orderId?: string; reference?: string; returnToken?: string; error?: string; approveMs?: number }

export async function connectStore(medusaUrl: string, publishableKey: string, sandbox: SandboxControl) {
  const store = jsonApi(medusaUrl, () => ({ "x-publishable-api-key": publishableKey }))
  let adminToken = ""
  const admin = jsonApi(medusaUrl, () => ({ authorization: `Bearer ${adminToken}` }))
  const login = await store.post("/auth/user/emailpass", { email: "admin@vipps.test", password: "supersecret" })
  adminToken = login.token

  const { regions } = await store.get("/store/regions")
  const region = regions.find((r: any) => r.name === "Norge")
  if (!region) throw new Error(`no "Norge" region in the demo store (have ${regions.map((r: any) => r.name).join(", ")})`)
  const { products } = await store.get(`/store/products?handle=ullgenser&region_id=${region.id}`)
  const variantId = products[0]?.variants?.[0]?.id
  if (!variantId) throw new Error('no "ullgenser" product: did the seed run?')

  /**
   * The baseline providers must be enabled on the region too (the seed enables Vipps only):
   * pp_system_default, and P2's floor where the store has it. Returns whether it has the floor.
   */
  async function enableBaselines(): Promise<{ floor: boolean }> {
    const { payment_providers } = await admin.get("/admin/payments/payment-providers?limit=100")
    const floor = payment_providers.some((p: any) => p.id === FLOOR)
    const { region: full } = await admin.get(`/admin/regions/${region.id}?fields=id,*payment_providers`)
    const ids: string[] = (full.payment_providers ?? []).map((p: any) => p.id)
    const wanted = [SYSTEM_DEFAULT, ...(floor ? [FLOOR] : [])].filter((id) => !ids.includes(id))
    if (wanted.length) await admin.post(`/admin/regions/${region.id}`, { payment_providers: [...ids, ...wanted] })
    return { floor }
  }

  let shippingOptionId: string | undefined
  /** A cart with one sweater, an address and the "Standard" shipping method, and its payment collection. */
  async function cartReadyToPay() {
    const { cart } = await store.post("/store/carts", { region_id: region.id, email: "kunde@vipps.test", items: [{ variant_id: variantId, quantity: 1 }], shipping_address: ADDRESS, billing_address: ADDRESS })
    if (!shippingOptionId) {
      const { shipping_options } = await store.get(`/store/shipping-options?cart_id=${cart.id}`)
      shippingOptionId = (shipping_options.find((o: any) => o.name === "Standard") ?? shipping_options[0])?.id
      if (!shippingOptionId) throw new Error("no shipping option for the demo cart")
    }
    await store.post(`/store/carts/${cart.id}/shipping-methods`, { option_id: shippingOptionId })
    const { payment_collection } = await store.post("/store/payment-collections", { cart_id: cart.id })
    return { cartId: cart.id as string, collectionId: payment_collection.id as string }
  }

  /**
   * Pays a prepared cart with `provider`: session creation and cart completion are timed (the
   * two steps where a payment provider adds work); for Vipps the shopper approves at the sandbox
   * in between. `approve: false` leaves the Vipps payment pending (no completion).
   */
  async function pay(cart: { cartId: string; collectionId: string }, provider: string, options: { approve?: boolean } = {}): Promise<Checkout> {
    const { cartId, collectionId } = cart
    let approveMs: number | undefined
    let t = performance.now()
    const { payment_collection } = await store.post(`/store/payment-collections/${collectionId}/payment-sessions`, { provider_id: provider })
    const sessionMs = performance.now() - t
    const session = payment_collection.payment_sessions.find((s: any) => s.provider_id === provider)
    const reference: string | undefined = session?.data?.reference
    const returnToken: string | undefined = session?.data?.return_token
    if (provider === VIPPS) {
      if (!reference) throw new Error("the Vipps session has no reference")
      if (options.approve === false) return { cartId, sessionMs, completeMs: NaN, reference, returnToken }
      t = performance.now()
      await sandbox.act(reference, "approve", session.data.msn)
      approveMs = performance.now() - t
    }
    t = performance.now()
    const result = await store.post(`/store/carts/${cartId}/complete`)
    const completeMs = performance.now() - t
    if (result.type !== "order") return { cartId, sessionMs, completeMs, reference, returnToken, error: result.error?.message ?? "not completed", approveMs }
    return { cartId, sessionMs, completeMs, orderId: result.order.id, reference, returnToken, approveMs }
  }

  /** A whole checkout: cart (its preparation timed as cartMs), then `pay`. */
  const checkout = async (provider: string, options: { approve?: boolean } = {}) => {
    const t = performance.now()
    const cart = await cartReadyToPay()
    const cartMs = performance.now() - t
    return { ...(await pay(cart, provider, options)), cartMs }
  }

  return { publishableKey, store, admin, region, variantId, enableBaselines, cartReadyToPay, pay, checkout }
}

export type DemoStore = Awaited<ReturnType<typeof connectStore>>
