import fs from "node:fs"
import path from "node:path"
import pg from "pg"
import { Group, ROOT, freePort, kill, run, sleep, start, stopAll, tail, waitForHttp } from "./processes"
import { Sandbox, Store } from "./store-client"

/**
 * kill -9 of a real Medusa process (`medusa start`, this repository's medusa-config.ts, plugin
 * from source) between "recorded in Medusa" and "done at Vipps", for three movements at once:
 *   A. a capture on fulfilment (the plugin's workflow; the request never reached Vipps),
 *   B. an admin capture through Medusa's own POST /admin/payments/:id/capture (Vipps applied
 *      it, the answer was lost when the process died),
 *   C. a refund through the plugin's admin route (never reached Vipps),
 *   D. an admin capture through the plugin's route that never reached Vipps, where the shopper's
 *      reservation is then cancelled (in the portal) before the job runs: finishing it is
 *      refused, so Medusa's record is rolled back.
 * The sandbox runs as its own process and holds the requests, so it survives the kill. Then a
 * fresh process runs the reconciliation job once (`medusa exec`), the store is started again,
 * and for each movement Medusa must equal Vipps, with exactly one movement at Vipps.
 */
jest.setTimeout(420_000)

const KEY_FILE = path.join(ROOT, "test-results/crash/publishable-key")
const REPORT_FILE = path.join(ROOT, "test-results/crash/amounts.json")
const NOK_848 = 84800

type Amounts = { medusa: { captured: number; refunded: number }; vipps: { captured: number; refunded: number } }
const report: Record<string, { before?: Amounts; after?: Amounts }> = {}

function dbSettings(name: string): Record<string, string> {
  if (process.env.DATABASE_URL) {
    const url = new URL(process.env.DATABASE_URL)
    url.pathname = `/${name}`
    return { DATABASE_URL: url.toString() }
  }
  return {
    DB_HOST: process.env.DB_HOST || "localhost",
    DB_PORT: process.env.DB_PORT || "5432",
    DB_USERNAME: process.env.DB_USERNAME || "postgres",
    ...(process.env.DB_PASSWORD ? { DB_PASSWORD: process.env.DB_PASSWORD } : {}),
    DB_NAME: name,
  }
}

function adminClient() {
  if (process.env.DATABASE_URL) {
    const url = new URL(process.env.DATABASE_URL)
    url.pathname = "/postgres"
    return new pg.Client({ connectionString: url.toString() })
  }
  return new pg.Client({
    host: process.env.DB_HOST || "localhost",
    port: Number(process.env.DB_PORT || 5432),
    user: process.env.DB_USERNAME || "postgres",
    password: process.env.DB_PASSWORD || undefined,
    database: "postgres",
  })
}

describe("a Medusa process killed mid-movement (kill -9, real processes)", () => {
  const dbName = `vipps_crash_${Date.now().toString(36)}_${process.pid}`
  let env: Record<string, string>
  let sandbox: Sandbox
  let store: Store
  let medusa: Group | undefined
  let medusaPort: number
  const orders: Record<"A" | "B" | "C" | "D", { orderId: string; paymentId: string; reference: string }> = {} as any
  let reconcileOutput = ""

  async function amounts(key: keyof typeof orders): Promise<Amounts> {
    const { paymentId, reference } = orders[key]
    const at = await sandbox.payment(reference)
    return {
      medusa: await store.medusaAmounts(paymentId),
      vipps: { captured: at.aggregate.capturedAmount.value, refunded: at.aggregate.refundedAmount.value },
    }
  }

  async function startMedusa(name: string) {
    medusa = start(name, "medusa", ["start", "--port", String(medusaPort)], env)
    await waitForHttp(`http://localhost:${medusaPort}/health`, medusa)
  }

  beforeAll(async () => {
    fs.rmSync(path.join(ROOT, "test-results/crash"), { recursive: true, force: true })
    const client = adminClient()
    await client.connect()
    await client.query(`create database "${dbName}"`)
    await client.end()

    const sandboxPort = await freePort()
    medusaPort = await freePort()
    const { NODE_OPTIONS, TEST_TYPE, DATABASE_URL, DB_NAME, ...inherited } = process.env
    void NODE_OPTIONS, TEST_TYPE, DATABASE_URL, DB_NAME
    const sandboxProcess = start("sandbox", "ts-node", ["--transpile-only", "src/sandbox/bin.ts", "--port", String(sandboxPort), "--host", "127.0.0.1"], inherited as any)
    sandbox = new Sandbox(`http://127.0.0.1:${sandboxPort}`)
    env = {
      ...(inherited as Record<string, string>),
      ...dbSettings(dbName),
      NODE_ENV: "test",
      VIPPS_ENVIRONMENT: sandbox.url,
      // A live call may take 5 attempts × 3 s (+ backoff): longer than it takes to reach the
      // kill. The job's grace period is twice that budget (about 32 s here).
      VIPPS_TIMEOUT_MS: "3000",
      VIPPS_RETRY_BASE_MS: "50",
      MEDUSA_ADMIN_DISABLED: "true",
      MEDUSA_DISABLE_TELEMETRY: "true",
      DEMO_KEY_FILE: KEY_FILE,
    }
    await waitForHttp(`${sandbox.url}/_sandbox/health`, sandboxProcess, 60_000)
    await run("migrate", "medusa", ["db:migrate", "--execute-safe-links"], env)
    await run("seed", "medusa", ["exec", "./demo/seed.ts"], env)
    await startMedusa("medusa-1")
    store = new Store(`http://localhost:${medusaPort}`, fs.readFileSync(KEY_FILE, "utf8").trim())
    await store.login("admin@vipps.test", "supersecret")
  })

  afterAll(async () => {
    await stopAll()
    fs.mkdirSync(path.dirname(REPORT_FILE), { recursive: true })
    fs.writeFileSync(REPORT_FILE, JSON.stringify(report, null, 2))
    console.log(`Crash points, minor units (øre), before and after repair:\n${JSON.stringify(report, null, 2)}`)
    const client = adminClient()
    await client.connect()
    await client.query(`drop database if exists "${dbName}" with (force)`).catch(() => undefined)
    await client.end()
  })

  it("kills the store while a fulfilment capture, an admin capture and a refund wait for Vipps; the card says they are in progress", async () => {
    orders.A = await store.paidOrder(sandbox)
    orders.B = await store.paidOrder(sandbox)
    orders.C = await store.paidOrder(sandbox)
    orders.D = await store.paidOrder(sandbox)
    // C is captured normally first, so that it can be refunded.
    await store.admin("POST", `/admin/payments/${orders.C.paymentId}/capture`, { amount: 848 })

    const hold = { kind: "timeout", count: 10, delayMs: 120_000 }
    await sandbox.post("/_sandbox/faults", { ...hold, method: "POST", pathContains: `/payments/${orders.A.reference}/capture`, apply: false })
    await sandbox.post("/_sandbox/faults", { ...hold, method: "POST", pathContains: `/payments/${orders.B.reference}/capture`, apply: true })
    await sandbox.post("/_sandbox/faults", { ...hold, method: "POST", pathContains: `/payments/${orders.C.reference}/refund`, apply: false })
    await sandbox.post("/_sandbox/faults", { ...hold, method: "POST", pathContains: `/payments/${orders.D.reference}/capture`, apply: false })

    const { order: a } = await store.admin("GET", `/admin/orders/${orders.A.orderId}?fields=*items`)
    const { stock_locations } = await store.admin("GET", "/admin/stock-locations")
    await store.admin("POST", `/admin/orders/${orders.A.orderId}/fulfillments`, {
      items: a.items.map((i: any) => ({ id: i.id, quantity: i.quantity })),
      location_id: stock_locations[0].id,
    })
    // These answer only when Vipps does: left hanging, they die with the process.
    store.admin("POST", `/admin/payments/${orders.B.paymentId}/capture`, { amount: 848 }, 300_000).catch(() => undefined)
    store.admin("POST", `/admin/vipps/payments/${orders.C.paymentId}/refund`, { amount: "848.00" }, 300_000).catch(() => undefined)
    store.admin("POST", `/admin/vipps/payments/${orders.D.paymentId}/capture`, { amount: "848.00" }, 300_000).catch(() => undefined)

    const deadline = Date.now() + 60_000
    for (;;) {
      const seen = await Promise.all([
        sandbox.movementRequests(orders.A.reference, "capture"),
        sandbox.movementRequests(orders.B.reference, "capture"),
        sandbox.movementRequests(orders.C.reference, "refund"),
        sandbox.movementRequests(orders.D.reference, "capture"),
      ])
      if (seen.every((r) => r.length > 0)) break
      if (Date.now() > deadline) throw new Error(`not every movement reached the sandbox: ${seen.map((r) => r.length)}\n${tail(medusa!.log)}`)
      await sleep(100)
    }
    // Between "recorded in Medusa" and "done at Vipps": what the merchant sees now.
    // (In parallel: the kill must come before the first client gives up, 5 × 3 s after its start.)
    const keys = ["A", "B", "C", "D"] as const
    const [before, cards] = await Promise.all([Promise.all(keys.map(amounts)), Promise.all(keys.map((key) => store.card(orders[key].paymentId)))])
    keys.forEach((key, i) => (report[key] = { before: before[i] }))

    kill(medusa!, "SIGKILL")
    const killedAt = Date.now()
    await medusa!.exited
    kill(medusa!, "SIGKILL") // the group: anything the CLI forked

    expect(cards.map((c) => c.payment.status)).toEqual(["capture_in_progress", "capture_in_progress", "refund_in_progress", "capture_in_progress"])
    expect(report.A.before).toEqual({ medusa: { captured: NOK_848, refunded: 0 }, vipps: { captured: 0, refunded: 0 } })
    expect(report.B.before!.medusa).toEqual({ captured: NOK_848, refunded: 0 })
    expect(report.C.before).toEqual({ medusa: { captured: NOK_848, refunded: NOK_848 }, vipps: { captured: NOK_848, refunded: 0 } })

    await fetch(`${sandbox.url}/_sandbox/faults`, { method: "DELETE" })
    // D: meanwhile the reservation is released in the business portal.
    await sandbox.post(`/_sandbox/payments/${encodeURIComponent(orders.D.reference)}/cancel`)
    reconcileOutput = await run("reconcile", "medusa", ["exec", "./integration-tests/crash/reconcile-once.ts"], { ...env, CRASH_KILLED_AT: String(killedAt) })
    await startMedusa("medusa-2")
    for (const key of ["A", "B", "C", "D"] as const) report[key].after = await amounts(key)
  })

  it("the reconciliation run after the restart finished the two movements that never reached Vipps, completed the one Vipps had made and rolled back the one Vipps refused", () => {
    const line = reconcileOutput.split("\n").find((l) => l.includes("RECONCILE_REPORT"))
    expect(line).toBeDefined()
    const result = JSON.parse(line!.slice(line!.indexOf("{")))
    expect(result.movements).toMatchObject({ stale: 4, finished: 2, done: 1, failed: 1, rolled_back: 0, still_pending: 0, mismatches: 0 })
  })

  it("A. fulfilment capture: Medusa and Vipps both show 848.00 captured, captured once at Vipps with one idempotency key", async () => {
    expect(report.A.after).toEqual({ medusa: { captured: NOK_848, refunded: 0 }, vipps: { captured: NOK_848, refunded: 0 } })
    await expectOneMovement(orders.A.reference, "capture", "CAPTURED")
    expect((await store.order(orders.A.orderId)).payment_status).toBe("captured")
    expect((await store.card(orders.A.paymentId)).payment.status).toBe("captured")
  })

  it("B. admin capture (Medusa's own route; Vipps made it, the answer was lost): both show 848.00 captured, once at Vipps", async () => {
    expect(report.B.before!.vipps).toEqual({ captured: NOK_848, refunded: 0 })
    expect(report.B.after).toEqual({ medusa: { captured: NOK_848, refunded: 0 }, vipps: { captured: NOK_848, refunded: 0 } })
    await expectOneMovement(orders.B.reference, "capture", "CAPTURED")
    expect((await store.order(orders.B.orderId)).payment_status).toBe("captured")
  })

  it("C. refund (the plugin's admin route): both show 848.00 refunded, refunded once at Vipps", async () => {
    expect(report.C.after).toEqual({ medusa: { captured: NOK_848, refunded: NOK_848 }, vipps: { captured: NOK_848, refunded: NOK_848 } })
    await expectOneMovement(orders.C.reference, "refund", "REFUNDED")
  })

  it("D. admin capture (the plugin's route) whose reservation was released before the job ran: Medusa's capture is rolled back, both show 0 captured", async () => {
    expect(report.D.before).toEqual({ medusa: { captured: NOK_848, refunded: 0 }, vipps: { captured: 0, refunded: 0 } })
    expect(report.D.after).toEqual({ medusa: { captured: 0, refunded: 0 }, vipps: { captured: 0, refunded: 0 } })
    const events = (await sandbox.payment(orders.D.reference)).events
    expect(events.filter((e) => e.name === "CAPTURED" && e.success)).toHaveLength(0)
    expect(new Set((await sandbox.movementRequests(orders.D.reference, "capture")).map((r) => r.headers["idempotency-key"])).size).toBe(1)
    const card = (await store.card(orders.D.paymentId)).payment
    expect([card.status, card.in_progress]).toEqual(["released", []])
  })

  async function expectOneMovement(reference: string, operation: "capture" | "refund", event: string) {
    const requests = await sandbox.movementRequests(reference, operation)
    const keys = new Set(requests.map((r) => r.headers["idempotency-key"]))
    // Every request for this movement (the held one, client retries, the job's) carried one key…
    expect(keys.size).toBe(1)
    // …and Vipps moved the money exactly once.
    const events = (await sandbox.payment(reference)).events.filter((e) => e.name === event && e.success)
    expect(events.map((e) => e.amount.value)).toEqual([NOK_848])
  }
})
