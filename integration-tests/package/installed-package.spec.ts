import axios, { AxiosInstance } from "axios"
import fs from "node:fs"
import path from "node:path"
import { ADMIN_EMAIL, ADMIN_PASSWORD, MARKETS, Store, completeCart, createCart, createProduct, createStore, startVippsPayment } from "../helpers/store"
import { SandboxControl, eventually } from "../helpers/sandbox"
import { fulfil, getOrderDetails, medusaPayment } from "../helpers/fulfillment"
import { toMinorUnits } from "../../src/vipps"
import { Running, cleanEnv, createDatabase, freePort, installedCopies, run, start, stop, waitForHttp, writeStore } from "./installed-store"

/**
 * The packed plugin as a merchant gets it: `npm pack`'s tarball installed into a store made
 * from ./store-template (the official starter's layout) outside this repository, migrated,
 * built with `medusa build` and booted from .medusa/server with `medusa start`, against the
 * installed package's own `vipps-sandbox`. Run by scripts/test-package.sh once per Medusa version.
 */
const medusaVersion = process.env.MEDUSA_VERSION!
const tarball = process.env.PACKAGE_TEST_TARBALL!
const MINUTE = 60_000
const MISSING_PLUGIN_HINT = 'plugins: [{ resolve: "medusa-payment-vipps", options: {} }]'
const SCRIPT = "./node_modules/medusa-payment-vipps/.medusa/server/src/scripts/register-vipps-webhooks.js"

jest.setTimeout(3 * MINUTE)

describe(`medusa-payment-vipps installed from its tarball in a Medusa ${medusaVersion} store`, () => {
  let storeDir: string
  let logDir: string
  let database: Awaited<ReturnType<typeof createDatabase>> | undefined
  let env: NodeJS.ProcessEnv
  let sandboxProcess: Running | undefined
  let server: Running | undefined
  let api: AxiosInstance
  let sandbox: SandboxControl
  let medusaUrl: string

  const inStore = (name: string, args: string[], timeoutMs: number, extraEnv: Record<string, string> = {}) =>
    run(name, "npx", args, { cwd: storeDir, env: { ...env, ...extraEnv }, logDir, timeoutMs })

  beforeAll(async () => {
    if (!medusaVersion || !tarball) throw new Error("MEDUSA_VERSION and PACKAGE_TEST_TARBALL are set by scripts/test-package.sh")
    storeDir = writeStore(medusaVersion, tarball)
    logDir = path.join(storeDir, "logs")
    const [sandboxPort, medusaPort] = [await freePort(), await freePort()]
    medusaUrl = `http://127.0.0.1:${medusaPort}`
    database = await createDatabase(medusaVersion)
    env = cleanEnv({
      ...(process.env.PACKAGE_TEST_NPM_CACHE ? { npm_config_cache: process.env.PACKAGE_TEST_NPM_CACHE } : {}),
      DATABASE_URL: database.url,
      HOST: "127.0.0.1",
      PORT: String(medusaPort),
      STORE_CORS: "http://127.0.0.1:8000",
      ADMIN_CORS: medusaUrl,
      AUTH_CORS: medusaUrl,
      JWT_SECRET: "package-test-jwt",
      COOKIE_SECRET: "package-test-cookie",
      MEDUSA_DISABLE_TELEMETRY: "true",
      // The sandbox's Vipps NOK test merchant, as the README's .env example names them.
      VIPPS_ENVIRONMENT: `http://127.0.0.1:${sandboxPort}`,
      VIPPS_MSN: "100001",
      VIPPS_CLIENT_ID: "sandbox-nok-client",
      VIPPS_CLIENT_SECRET: "sandbox-nok-secret",
      VIPPS_SUBSCRIPTION_KEY: "sandbox-nok-key",
      VIPPS_WEBHOOK_BASE_URL: medusaUrl,
    })
    await run("npm-install", "npm", ["install", "--no-audit", "--no-fund", "--prefer-offline"], { cwd: storeDir, env, logDir, timeoutMs: 6 * MINUTE })
    sandboxProcess = start("sandbox", path.join(storeDir, "node_modules/.bin/vipps-sandbox"), ["--port", String(sandboxPort)], { cwd: storeDir, env, logDir })
    await waitForHttp(`${env.VIPPS_ENVIRONMENT}/_sandbox/health`, sandboxProcess, 20_000)
    sandbox = new SandboxControl(env.VIPPS_ENVIRONMENT!)
    api = axios.create({ baseURL: medusaUrl })
  }, 8 * MINUTE)

  afterAll(async () => {
    stop(server)
    stop(sandboxProcess)
    // PACKAGE_TEST_KEEP=1 keeps the database with the store, to look into afterwards.
    if (process.env.PACKAGE_TEST_KEEP) console.log(`Database of the Medusa ${medusaVersion} store kept: ${database?.url}`)
    else await database?.drop()
    console.log(`Logs of the Medusa ${medusaVersion} store: ${logDir}`)
  })

  it("installs without peer conflicts, with one copy of each library the admin shares with the dashboard", () => {
    const installed = JSON.parse(fs.readFileSync(path.join(storeDir, "node_modules/medusa-payment-vipps/package.json"), "utf8"))
    expect(installed.peerDependencies).not.toHaveProperty("@medusajs/test-utils")
    for (const shared of ["@tanstack/react-query", "@medusajs/ui", "@medusajs/js-sdk", "react", "react-i18next", "@medusajs/framework"]) {
      expect({ shared, copies: installedCopies(storeDir, shared).length }).toEqual({ shared, copies: 1 })
    }
    expect(JSON.parse(fs.readFileSync(path.join(storeDir, "node_modules/@medusajs/medusa/package.json"), "utf8")).version).toBe(medusaVersion)
  })

  it("ships a LICENSE, type declarations and no development config or source maps", () => {
    const root = path.join(storeDir, "node_modules/medusa-payment-vipps")
    expect(fs.readFileSync(path.join(root, "LICENSE"), "utf8")).toMatch(/^MIT License/)
    expect(fs.existsSync(path.join(root, ".medusa/server/medusa-config.js"))).toBe(false)
    expect(fs.readFileSync(path.join(root, ".medusa/server/src/providers/vipps/service.js"), "utf8")).not.toContain("sourceMappingURL")
  })

  it.each([
    ["node16", "tsconfig.json"],
    ["node (as the official starter's storefront has it)", "tsconfig.node.json"],
    ["bundler", "tsconfig.bundler.json"],
  ])("type-checks a consumer of every export under strict TypeScript with moduleResolution %s", async (_resolution, config) => {
    await inStore(`tsc-consumer-${config}`, ["tsc", "-p", `type-check/${config}`], 2 * MINUTE)
  })

  it("migrates and builds the store, with the plugin's admin card in the admin bundle", async () => {
    // Independent of each other: the database and the compiler run side by side.
    await Promise.all([inStore("db-migrate", ["medusa", "db:migrate"], 4 * MINUTE), inStore("medusa-build", ["medusa", "build"], 5 * MINUTE)])
    const assets = path.join(storeDir, ".medusa/server/public/admin/assets")
    const bundle = fs.readdirSync(assets).filter((f) => f.endsWith(".js")).map((f) => fs.readFileSync(path.join(assets, f), "utf8")).join("\n")
    expect(bundle).toContain("vipps-card")
    // The built server runs with the store's dependencies (instead of a second `npm install` in .medusa/server).
    fs.symlinkSync(path.join(storeDir, "node_modules"), path.join(storeDir, ".medusa/server/node_modules"), "dir")
    await inStore("medusa-user", ["medusa", "user", "-e", ADMIN_EMAIL, "-p", ADMIN_PASSWORD], 2 * MINUTE)
  }, 10 * MINUTE)

  it("stops the boot and says what to add when the provider is registered without the plugin", async () => {
    const boot = start("start-without-plugin", "npx", ["medusa", "start"], {
      cwd: path.join(storeDir, ".medusa/server"),
      env: { ...env, VIPPS_PACKAGE_TEST_WITHOUT_PLUGIN: "1" },
      logDir,
    })
    try {
      const code = await Promise.race([boot.exited, new Promise<string>((resolve) => setTimeout(() => resolve("still running"), 2 * MINUTE))])
      expect(code).not.toBe(0)
      expect(code).not.toBe("still running")
      expect(boot.output()).toContain(MISSING_PLUGIN_HINT)
    } finally {
      stop(boot)
    }
  })

  it("boots the built server with the plugin's routes", async () => {
    server = start("start", "npx", ["medusa", "start"], { cwd: path.join(storeDir, ".medusa/server"), env, logDir })
    await waitForHttp(`${medusaUrl}/health`, server, 2 * MINUTE)
    const hook = await axios.post(`${medusaUrl}/hooks/vipps/vipps`, "{}", { validateStatus: () => true, headers: { "content-type": "application/json" } })
    expect(hook.status).toBe(401) // the plugin's webhook route: unsigned → refused
  })

  let store: Store
  let orderId: string
  let paymentId: string
  let reference: string

  const amounts: Record<string, string> = {}

  it("takes a Vipps payment: checkout, approval on the sandbox's landing page, order", async () => {
    store = await createStore(api, undefined, MARKETS.NOK)
    const [variantId] = await createProduct(api, store, "Kaffe", [249])
    const cart = await createCart(api, store, [{ variantId, quantity: 2 }])
    const { session } = await startVippsPayment(api, store, cart.id)
    reference = session.data.reference
    expect(session.data.redirect_url).toContain(env.VIPPS_ENVIRONMENT)
    const returnUrl = await sandbox.approveOnLandingPage(session.data.redirect_url)
    expect(returnUrl).toContain(encodeURIComponent(reference))
    const result = await completeCart(api, store, cart.id)
    if (result.type !== "order") throw new Error(`cart did not complete: ${result.error.message}`)
    const order = await getOrderDetails(api, store, result.order.id)
    orderId = order.id
    paymentId = order.payment_collections[0].payments[0].id
    expect(order.total).toBe(498)
    expect((await sandbox.payment(reference)).aggregate.authorizedAmount.value).toBe(49800)
    amounts.order = `order total 498.00 NOK, authorized at Vipps ${(await sandbox.payment(reference)).aggregate.authorizedAmount.value} øre`
  })

  it("captures the order total at Vipps and in Medusa when the order is fulfilled (two items of one line)", async () => {
    const order = await getOrderDetails(api, store, orderId)
    await fulfil(api, store, orderId, order.items.map((item: any) => ({ id: item.id, quantity: item.quantity })))
    await eventually(async () => (await sandbox.payment(reference)).aggregate.capturedAmount.value === 49800)
    await eventually(async () => (await medusaPayment(api, store, paymentId)).capturedMinor === 49800)
    // Nothing more arrives later (a second capture, a partial one).
    await new Promise((resolve) => setTimeout(resolve, 1500))
    const [vipps, medusa] = [(await sandbox.payment(reference)).aggregate.capturedAmount.value, (await medusaPayment(api, store, paymentId)).capturedMinor]
    expect({ vipps, medusa }).toEqual({ vipps: 49800, medusa: 49800 })
    amounts.capture = `captured: Medusa ${medusa} øre, Vipps ${vipps} øre`
  })

  it("refunds part of the payment from the admin", async () => {
    await api.post(`/admin/payments/${paymentId}/refund`, { amount: 49.5 }, store.admin)
    expect((await sandbox.payment(reference)).aggregate.refundedAmount.value).toBe(4950)
    const medusaRefunded = ((await medusaPayment(api, store, paymentId)).refunds ?? []).reduce((sum: number, r: any) => sum + toMinorUnits(r.amount, "nok"), 0)
    expect(medusaRefunded).toBe(4950)
    amounts.refund = `refunded: Medusa ${medusaRefunded} øre, Vipps 4950 øre`
  })

  it("releases the whole reservation at Vipps when an unfulfilled order is cancelled", async () => {
    const [variantId] = await createProduct(api, store, "Te", [120])
    const cart = await createCart(api, store, [{ variantId, quantity: 1 }])
    const { session } = await startVippsPayment(api, store, cart.id)
    await sandbox.act(session.data.reference, "approve")
    const result = await completeCart(api, store, cart.id)
    if (result.type !== "order") throw new Error(`cart did not complete: ${result.error.message}`)
    await api.post(`/admin/orders/${result.order.id}/cancel`, {}, store.admin)
    const vipps = (await sandbox.payment(session.data.reference)).aggregate
    expect({ cancelled: vipps.cancelledAmount.value, captured: vipps.capturedAmount.value }).toEqual({ cancelled: 12000, captured: 0 })
    amounts.cancel = `cancelled order of 120.00 NOK: released at Vipps ${vipps.cancelledAmount.value} øre, captured 0`
  })

  it("registers the webhook with the README's script", async () => {
    const output = await inStore("register-webhooks", ["medusa", "exec", SCRIPT], 2 * MINUTE)
    expect(output).toContain(`registered at ${medusaUrl}/hooks/vipps/vipps`)
    const { data } = await api.get("/admin/vipps/webhooks", store.admin)
    expect(data.webhooks).toEqual(expect.arrayContaining([expect.objectContaining({ status: "registered" })]))
  })

  it("records a refund made in the business portal, delivered by webhook", async () => {
    await sandbox.portal(reference, "refund", 5000)
    await eventually(async () => (await sandbox.deliveries()).some((d) => d.reference === reference && d.event === "epayments.payment.refunded.v1" && d.status === 200))
    const refunded = await eventually(async () => {
      const payment = await medusaPayment(api, store, paymentId)
      const total = (payment.refunds ?? []).reduce((sum: number, r: any) => sum + toMinorUnits(r.amount, "nok"), 0)
      return total === 4950 + 5000 && total
    })
    expect(refunded).toBe(9950)
    amounts.portal = `portal refund by webhook: Medusa refunded ${refunded} øre in all`
    console.log(`Medusa ${medusaVersion} amounts — ${Object.values(amounts).join("; ")}`)
  })

  // The payments page reads its own table, filled from Medusa's tables by plain SQL: on each
  // release it must find the payment with Medusa's amounts equal to Vipps's, and never warn.
  it("finds the payment on the payments page by reference, email and order number, Medusa's amounts equal to Vipps's", async () => {
    const { data: { order } } = await api.get(`/admin/orders/${orderId}?fields=id,display_id`, store.admin)
    expect(order.display_id).toEqual(expect.any(Number))
    const find = async (q: string) => (await api.get(`/admin/vipps/payment-attempts?q=${encodeURIComponent(q)}`, store.admin)).data
    const row = await eventually(async () => {
      const found = (await find(reference)).payments.find((p: any) => p.reference === reference)
      return found?.refunded === "99.50" && found
    })
    expect(row).toMatchObject({ payment_id: paymentId, order: { id: orderId, display_id: order.display_id }, amount: "498.00", captured: "498.00", refunded: "99.50", state: "AUTHORIZED" })
    expect(row.attention).not.toContain("amount_mismatch")
    expect((await find("SHOPPER@vipps.test")).payments.map((p: any) => p.reference)).toContain(reference)
    expect((await find(`#${order.display_id}`)).payments.map((p: any) => p.reference)).toEqual([reference])
    expect(server?.output() ?? "").not.toContain("payments page: could not record")
    amounts.page = `captured ${row.captured} NOK, refunded ${row.refunded} NOK`
    console.log(`Medusa ${medusaVersion} payments page — ${amounts.page}`)
  })

  describe("the boot check of the Medusa release (the installed @medusajs/medusa's version, changed in this store)", () => {
    const manifest = () => path.join(storeDir, "node_modules/@medusajs/medusa/package.json")
    let original: string
    beforeAll(() => {
      stop(server)
      server = undefined
      original = fs.readFileSync(manifest(), "utf8")
    })
    afterAll(() => fs.writeFileSync(manifest(), original))
    const bootAs = (version: string) => {
      fs.writeFileSync(manifest(), JSON.stringify({ ...JSON.parse(original), version }, null, 2))
      return start(`start-as-${version}`, "npx", ["medusa", "start"], { cwd: path.join(storeDir, ".medusa/server"), env, logDir })
    }

    it("refuses to start below the supported range, naming the version, the range and what to do", async () => {
      const boot = bootAs("2.17.2")
      try {
        const code = await Promise.race([boot.exited, new Promise<string>((resolve) => setTimeout(() => resolve("still running"), 2 * MINUTE))])
        expect(code).not.toBe("still running")
        expect(code).not.toBe(0)
        expect(boot.output()).toContain("medusa-payment-vipps does not run on Medusa 2.17.2: it supports Medusa 2.18.0 or newer")
        expect(boot.output()).toContain("npx medusa db:migrate")
      } finally {
        stop(boot)
      }
    })

    it("starts on a newer, untested release and warns once", async () => {
      const boot = bootAs("2.99.0")
      try {
        await waitForHttp(`${medusaUrl}/health`, boot, 2 * MINUTE)
        const warnings = boot.output().split("tested on Medusa 2.18.0 to").length - 1
        expect({ warnings, text: boot.output().includes("not on 2.99.0, which this store runs") }).toEqual({ warnings: 1, text: true })
      } finally {
        stop(boot)
      }
    })
  })
})
