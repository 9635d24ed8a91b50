import type { MedusaContainer } from "@medusajs/framework/types"
import { eventually } from "../helpers/sandbox"
import { capturesAtVipps, fulfil, medusaPayment, paidOrder, staysTheSame, sum } from "../helpers/fulfillment"
import { MARKETS, type Store, completeCart, createCart, createProduct, createStore, listOrders, startVippsPayment } from "../helpers/store"
import { type Cluster, sql, startCluster } from "./cluster"

/**
 * Medusa's production topology with real processes: one worker, two servers, one PostgreSQL,
 * Redis (event bus, locking, workflow engine, cache), the sandbox as its own process. The
 * servers are A and B; the worker has no HTTP routes of the store. Run with
 *   node scripts/with-redis.mjs -- node scripts/with-db.mjs -- env TEST_TYPE=integration:topology jest …
 * (scripts/test.sh does).
 */
jest.setTimeout(180_000)

// The store already has its admin (created by `medusa user` in startCluster): no container needed.
const NO_CONTAINER = undefined as unknown as MedusaContainer
const WARNING = 'Vipps MobilePay: Medusa runs with workerMode "'

describe("production topology: one worker, two servers, Redis", () => {
  let cluster: Cluster
  let store: Store

  beforeAll(async () => {
    const started = Date.now()
    cluster = await startCluster()
    console.log(`[topology] worker + 2 servers + sandbox ready in ${Math.round((Date.now() - started) / 1000)} s`)
    store = await createStore(cluster.serverA.api, NO_CONTAINER, MARKETS.NOK)
    const { data } = await cluster.serverA.api.post("/admin/vipps/webhooks", { provider_id: "vipps", url: cluster.router.hookUrl() }, store.admin)
    expect(data.webhook.status).toBe("registered")
  }, 420_000)

  afterAll(async () => {
    await cluster?.stop()
  }, 60_000)

  const A = () => cluster.serverA.api
  const B = () => cluster.serverB.api

  /** A cart with a Vipps payment started by the shopper on server B. */
  async function cartWithSession(price: number) {
    const [variantId] = await createProduct(B(), store, "Kaffe", [price])
    const cart = await createCart(B(), store, [{ variantId, quantity: 1 }])
    const { session } = await startVippsPayment(B(), store, cart.id)
    return { cart, reference: session.data.reference as string }
  }

  const ordersWithTotal = async (total: number) => (await listOrders(A(), store)).filter((o) => o.total === total)
  const storedEvents = (reference: string) =>
    sql<{ name: string; status: string }>(cluster.dbName, "SELECT name, status FROM vipps_webhook_event WHERE reference = $1 AND deleted_at IS NULL", [reference])

  /** Money intact at Vipps: authorized once for the full amount, nothing cancelled or captured. */
  async function expectAuthorizedOnce(reference: string, minor: number) {
    const vipps = await cluster.sandbox.payment(reference)
    expect(vipps.state).toBe("AUTHORIZED")
    expect(vipps.aggregate.authorizedAmount.value).toBe(minor)
    expect(vipps.aggregate.cancelledAmount.value).toBe(0)
    expect(vipps.events.filter((e) => e.name === "AUTHORIZED")).toHaveLength(1)
    expect(vipps.events.filter((e) => e.name === "CANCELLED" || e.name === "ABORTED")).toHaveLength(0)
  }

  /** One order for the cart's total, with one live (not cancelled) payment. */
  async function expectOneOrder(total: number) {
    const orders = await ordersWithTotal(total)
    expect(orders).toHaveLength(1)
    const payments = orders[0].payment_collections.flatMap((c: any) => c.payments)
    expect(payments).toHaveLength(1)
    expect(payments[0].canceled_at).toBeNull()
    return orders[0]
  }

  it("the Redis-backed processes boot without the single-process warning", () => {
    for (const proc of [cluster.worker, cluster.serverA, cluster.serverB]) {
      expect(proc.messages().filter((m) => m.message.startsWith(WARNING))).toEqual([])
    }
  })

  it("a webhook to server A while the shopper completes on server B, at the same moment: one order, one authorization, nothing cancelled", async () => {
    // The worker picks the stored webhook up from Redis a moment after A answered: the shopper's
    // completion starts with it, and later, to meet it at different points of its processing.
    for (const [price, shopperDelayMs] of [[311, 0], [312, 400], [313, 1200]]) {
      const { cart, reference } = await cartWithSession(price)
      const held = cluster.router.hold((d) => d.event.reference === reference && d.event.name === "AUTHORIZED")
      await cluster.sandbox.act(reference, "approve")
      const webhook = await held
      // Server A takes the webhook (and the worker processes it) while B completes the cart.
      const shopper = new Promise((r) => setTimeout(r, shopperDelayMs)).then(() => completeCart(B(), store, cart.id))
      const [webhookStatus, completion] = await Promise.all([webhook.release("A"), shopper])
      expect(webhookStatus).toBe(200)
      expect(completion.type).toBe("order") // the shopper sees the order, never an error

      await eventually(async () => (await storedEvents(reference)).some((e) => e.name === "AUTHORIZED" && e.status === "processed"))
      const order = await expectOneOrder(price)
      if (completion.type === "order") expect(completion.order.id).toBe(order.id)
      await expectAuthorizedOnce(reference, price * 100)
    }
  })

  it("redelivered webhooks spread over both servers, several at the same moment: one stored event, one order", async () => {
    cluster.router.mode = "both" // every delivery goes to A and B at once
    try {
      const { cart, reference } = await cartWithSession(321)
      await cluster.sandbox.act(reference, "approve")
      const delivery = await eventually(async () => cluster.router.deliveries.find((d) => d.event.reference === reference && d.event.name === "AUTHORIZED"))
      // Vipps redelivers (at-least-once): the same signed delivery again, to both servers, twice.
      const replays = await Promise.all(["A", "B", "A", "B"].map((t) => cluster.router.replay(delivery, t as "A" | "B")))
      expect(replays.map((r) => r.status)).toEqual([200, 200, 200, 200])

      await eventually(async () => (await ordersWithTotal(321)).length === 1)
      await eventually(async () => (await storedEvents(reference)).every((e) => e.status === "processed"))
      const handed = cluster.router.handed.filter((h) => h.event.reference === reference && h.event.name === "AUTHORIZED")
      expect(handed).toHaveLength(6)
      expect(new Set(handed.map((h) => h.target))).toEqual(new Set(["A", "B"]))
      expect(handed.filter((h) => h.duplicate === false)).toHaveLength(1) // stored once, by whichever server was first
      expect((await storedEvents(reference)).filter((e) => e.name === "AUTHORIZED")).toHaveLength(1)

      await staysTheSame(async () => (await ordersWithTotal(321)).length)
      await expectOneOrder(321)
      await expectAuthorizedOnce(reference, 32100)
      // The shopper coming back later, on the other server, gets that order.
      const late = await completeCart(A(), store, cart.id)
      expect(late.type).toBe("order")
      await expectOneOrder(321)
    } finally {
      cluster.router.mode = "alternate"
    }
  })

  it("capture on fulfilment runs in the worker, once: a fulfilment created on server A is captured by the worker", async () => {
    const order = await paidOrder(B(), NO_CONTAINER, cluster.sandbox, MARKETS.NOK, [{ price: 331, quantity: 1 }], { store })
    await fulfil(A(), store, order.orderId, [{ id: order.itemIds[0], quantity: 1 }])

    await eventually(async () => sum(await capturesAtVipps(cluster.sandbox, order.reference)) === 33100)
    await eventually(async () => (await medusaPayment(A(), store, order.paymentId)).capturedMinor === 33100)
    await staysTheSame(async () => capturesAtVipps(cluster.sandbox, order.reference))
    const captureCalls = cluster.vippsCalls().filter((c) => c.method === "POST" && c.path.startsWith(`/epayment/v1/payments/${order.reference}/capture`))
    expect(captureCalls.map((c) => c.process)).toEqual(["worker"])
  })

  it("the reconciliation job runs in the worker only, once: with every webhook lost, its next run places the order", async () => {
    await cluster.sandbox.webhookMode("drop")
    try {
      const { reference } = await cartWithSession(341)
      const callsBefore = cluster.vippsCalls().at(-1)?.seq ?? 0
      await cluster.sandbox.act(reference, "approve")
      // The job runs every minute: the order appears within about one.
      await eventually(async () => (await ordersWithTotal(341)).length === 1, 100_000)
      await staysTheSame(async () => (await ordersWithTotal(341)).length)
      await expectOneOrder(341)
      await expectAuthorizedOnce(reference, 34100)

      const reads = cluster.vippsCalls().filter((c) => c.seq > callsBefore && c.path.startsWith(`/epayment/v1/payments/${reference}`))
      expect(reads.length).toBeGreaterThan(0)
      expect(new Set(reads.map((c) => c.process))).toEqual(new Set(["worker"]))
      const reports = (proc: Cluster["worker"]) => proc.messages().filter((m) => m.message.startsWith("Vipps MobilePay reconciliation:"))
      expect(reports(cluster.serverA)).toEqual([])
      expect(reports(cluster.serverB)).toEqual([])
      // This payment's order was placed once, by the worker's job. (A run at a minute boundary may
      // also finish an earlier test's payment whose webhook was still being processed, so count
      // this reference's placements, not the runs that completed something.)
      const placedByJob = (proc: Cluster["worker"]) =>
        proc.messages().filter((m) => m.message.startsWith(`Vipps MobilePay ${reference}: order `) && m.message.includes("placed (job)"))
      expect(placedByJob(cluster.worker)).toHaveLength(1)
      expect([...placedByJob(cluster.serverA), ...placedByJob(cluster.serverB)]).toEqual([])
      expect(reports(cluster.worker).some((m) => /"completed":[1-9]/.test(m.message))).toBe(true)
    } finally {
      await cluster.sandbox.webhookMode("deliver")
    }
  })

  it('a server without Redis (workerMode "server", in-memory locking, local event bus) warns at boot, naming the modules to configure', async () => {
    const lonely = await cluster.medusa("server-without-redis", { REDIS_URL: "", MEDUSA_WORKER_MODE: "server", VIPPS_ENVIRONMENT: cluster.taps.serverA.url })
    try {
      const warnings = lonely.messages().filter((m) => m.message.startsWith(WARNING))
      expect(warnings).toHaveLength(1)
      expect(warnings[0].level).toBe("warn")
      expect(warnings[0].message).toContain('workerMode "server"')
      expect(warnings[0].message).toContain("locking is in-memory")
      expect(warnings[0].message).toContain("@medusajs/medusa/locking-redis")
      expect(warnings[0].message).toContain("the event bus is local")
      expect(warnings[0].message).toContain("@medusajs/medusa/event-bus-redis")
    } finally {
      await lonely.stop()
    }
  })

  // The killed worker's payment lock lives on in Redis until its TTL (VIPPS_PAYMENT_LOCK, 120 s):
  // the job runs of the new worker before that cannot take it, the first one after does the repair.
  it("kill -9 of the worker mid-capture, restart: once the dead worker's lock expired, the job in the new worker finishes the capture: Medusa == Vipps, one capture at Vipps", async () => {
    const order = await paidOrder(B(), NO_CONTAINER, cluster.sandbox, MARKETS.NOK, [{ price: 351, quantity: 1 }], { store })
    const capturePath = `/epayment/v1/payments/${order.reference}/capture`
    // The worker's capture call never reaches Vipps: it hangs until the worker dies.
    const swallowed = cluster.taps.worker.swallowNext((method, path) => method === "POST" && path.startsWith(capturePath))
    await fulfil(A(), store, order.orderId, [{ id: order.itemIds[0], quantity: 1 }])
    await swallowed
    const amounts = async () => ({
      medusa: (await medusaPayment(A(), store, order.paymentId)).capturedMinor as number,
      vipps: (await cluster.sandbox.payment(order.reference)).aggregate.capturedAmount.value,
    })
    const before = await amounts()

    const killedAt = Date.now()
    const restarted = await cluster.crashAndRestartWorker()
    const after = await eventually(async () => {
      const now = await amounts()
      return now.medusa === now.vipps ? now : undefined
    }, 260_000) // lock TTL 120 s + grace + up to a minute to the next job run
    await staysTheSame(amounts, 3000)
    console.log(`[topology] worker killed mid-capture of 351.00 NOK: before ${JSON.stringify(before)}, after the job in the restarted worker ${JSON.stringify(after)} (minor units, ${Math.round((Date.now() - killedAt) / 1000)} s after the kill)`)

    expect(before).toEqual({ medusa: 35100, vipps: 0 }) // recorded in Medusa, never reached Vipps
    // Finished at Vipps with the movement's idempotency key, not rolled back (README, "When a process dies mid-movement").
    expect(after).toEqual({ medusa: 35100, vipps: 35100 })
    expect(await capturesAtVipps(cluster.sandbox, order.reference)).toEqual([35100])
    // Repaired by the restarted worker (its Vipps calls go through the same tap), not by a server.
    const repairs = cluster.vippsCalls().filter((c) => c.path.startsWith(capturePath) && c.status !== -1)
    expect(new Set(repairs.map((c) => c.process))).not.toContain("serverA")
    expect(new Set(repairs.map((c) => c.process))).not.toContain("serverB")
    expect(restarted.messages().some((m) => m.message.startsWith("Vipps MobilePay reconciliation:"))).toBe(true)
  }, 360_000)
})
