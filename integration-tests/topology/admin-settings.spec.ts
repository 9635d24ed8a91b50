import type { MedusaContainer } from "@medusajs/framework/types"
import { eventually } from "../helpers/sandbox"
import { capturesAtVipps, fulfil, paidOrder, staysTheSame, sum } from "../helpers/fulfillment"
import { MARKETS, type Store, createCart, createProduct, createStore, startVippsPayment } from "../helpers/store"
import { type Cluster, startCluster } from "./cluster"

/**
 * A setting changed on the settings page is effective in every process without a restart: saved
 * through server A, it applies to the next checkout started on server B and to the next
 * fulfilment captured by the worker (Redis event bus, locking, workflow engine and cache, real
 * `medusa start` processes on one PostgreSQL). Run through scripts/test.sh (topology stage).
 */
jest.setTimeout(180_000)

const NO_CONTAINER = undefined as unknown as MedusaContainer

describe("admin settings in the production topology (one worker, two servers, Redis)", () => {
  let cluster: Cluster
  let store: Store
  const A = () => cluster.serverA.api
  const B = () => cluster.serverB.api
  const save = (api: ReturnType<typeof A>, body: unknown) => api.post("/admin/vipps/settings/pp_vipps_vipps", body, store.admin)

  beforeAll(async () => {
    const started = Date.now()
    cluster = await startCluster()
    console.log(`[topology settings] worker + 2 servers + sandbox ready in ${Math.round((Date.now() - started) / 1000)} s`)
    store = await createStore(A(), NO_CONTAINER, MARKETS.NOK)
  }, 420_000)

  afterAll(async () => {
    await cluster?.stop()
  }, 60_000)

  /** The create-payment request Vipps received for the checkout started on `api`. */
  async function checkoutOn(api: ReturnType<typeof A>) {
    const [variantId] = await createProduct(api, store, "Kaffe", [90])
    const cart = await createCart(api, store, [{ variantId, quantity: 1 }])
    const { session } = await startVippsPayment(api, store, cart.id)
    const creates = await cluster.sandbox.requests({ method: "POST", pathContains: "/epayment/v1/payments" })
    return creates.find((r) => r.path === "/epayment/v1/payments" && r.body?.reference === session.data.reference)!.body
  }

  it("paymentDescription and userFlow saved on server A are in the next checkout started on server B, without a restart", async () => {
    expect(await checkoutOn(B())).toMatchObject({ paymentDescription: "Order from the Medusa demo store", userFlow: "WEB_REDIRECT" })
    await save(A(), { paymentDescription: "Bestilling hos Kaffebaren", userFlow: "QR" })
    const createsOnB = cluster.taps.serverB.calls.filter((c) => c.method === "POST" && c.path === "/epayment/v1/payments").length
    expect(await checkoutOn(B())).toMatchObject({ paymentDescription: "Bestilling hos Kaffebaren", userFlow: "QR" })
    // The request came from server B's provider (its own tap), not from A.
    expect(cluster.taps.serverB.calls.filter((c) => c.method === "POST" && c.path === "/epayment/v1/payments")).toHaveLength(createsOnB + 1)
    await save(B(), { reset: ["paymentDescription", "userFlow"] })
    expect(await checkoutOn(A())).toMatchObject({ paymentDescription: "Order from the Medusa demo store", userFlow: "WEB_REDIRECT" })
  })

  it('capture "manual" saved on server A: the worker captures nothing for the next fulfilment; reset on server B: the worker captures the next one', async () => {
    const order = await paidOrder(B(), NO_CONTAINER, cluster.sandbox, MARKETS.NOK, [{ price: 200, quantity: 1 }, { price: 30, quantity: 1 }, { price: 10, quantity: 1 }], { store })
    const [a, b] = order.itemIds
    await save(A(), { capture: "manual" })
    await fulfil(B(), store, order.orderId, [{ id: a, quantity: 1 }])
    expect(await staysTheSame(() => capturesAtVipps(cluster.sandbox, order.reference), 4000)).toEqual([])

    const { data } = await save(B(), { reset: ["capture"] })
    expect(data.history.slice(0, 2).map((h: any) => [h.name, h.action, h.old_value, h.new_value])).toEqual([
      ["capture", "reset", "manual", "fulfillment"],
      ["capture", "set", "fulfillment", "manual"],
    ])
    await fulfil(A(), store, order.orderId, [{ id: b, quantity: 1 }])
    await eventually(async () => sum(await capturesAtVipps(cluster.sandbox, order.reference)) === 3000, 60_000)
    expect(await staysTheSame(() => capturesAtVipps(cluster.sandbox, order.reference))).toEqual([3000])
    const captures = cluster.vippsCalls().filter((c) => c.method === "POST" && c.path.startsWith(`/epayment/v1/payments/${order.reference}/capture`))
    expect(captures.map((c) => c.process)).toEqual(["worker"])
  })
})
