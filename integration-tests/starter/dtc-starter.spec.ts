import axios, { AxiosInstance } from "axios"
import { execFileSync } from "node:child_process"
import fs from "node:fs"
import os from "node:os"
import path from "node:path"
import { Client } from "pg"
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core"
import { MARKETS, type Store } from "../helpers/store"
import { SandboxControl, eventually } from "../helpers/sandbox"
import { fulfil, getOrderDetails, medusaPayment } from "../helpers/fulfillment"
import { Running, cleanEnv, createDatabase, freePort, run, start, stop, waitForHttp } from "../package/installed-store"
import { Norway, NOK_SHIPPING, NOK_TSHIRT, PROVIDER_ID, loginAdmin, setUpNorway } from "./norway"
import { RecipeStep, applyFileSteps, parseRecipe } from "./recipe"

/**
 * Medusa's official starter, medusajs/dtc-starter (pnpm workspace: apps/backend on Medusa 2.18.0,
 * apps/storefront on Next.js 15), with the packed plugin installed and the storefront changed
 * exactly as docs/storefront-nextjs.md tells a merchant (the page is parsed and applied, so it
 * cannot drift from what passes here). Then: the storefront's own type check and `next build`,
 * `next start`, and a shopper in Chromium through the starter's own checkout to the Vipps
 * MobilePay landing page (reject, then pay again and approve) and the starter's order
 * confirmation; the order fulfilled through the admin API must be captured in full, at Vipps and
 * in Medusa. Run by scripts/test-starter.sh, which copies the starter, packs the plugin and
 * provides pnpm; every process runs in its own process group, listed in PACKAGE_TEST_PIDS.
 */
const STARTER = process.env.STARTER_DIR!
const OLD_STARTER = process.env.STARTER_OLD_DIR!
const TARBALL = process.env.STARTER_TARBALL!
const PNPM = process.env.STARTER_PNPM!
const PNPM_STORE = process.env.STARTER_PNPM_STORE
const RESULTS = path.resolve(process.env.STARTER_RESULTS_DIR ?? "test-results/starter")
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium"
const DOC = path.join(__dirname, "../../docs/storefront-nextjs.md")
const BACKEND = () => path.join(STARTER, "apps/backend")
const STOREFRONT = () => path.join(STARTER, "apps/storefront")
const MINUTE = 60_000
const ADMIN_EMAIL = "admin@starter.test"
const ADMIN_PASSWORD = "supersecret-starter"
const ORDER_TOTAL = 2 * NOK_TSHIRT + NOK_SHIPPING // two T-shirts and the Norwegian shipping option

jest.setTimeout(3 * MINUTE)

describe("the official starter (dtc-starter, pnpm, Medusa 2.18) with the plugin as docs/storefront-nextjs.md installs it", () => {
  let recipe: RecipeStep[]
  let logDir: string
  let env: NodeJS.ProcessEnv
  let database: Awaited<ReturnType<typeof createDatabase>> | undefined
  let sandboxProcess: Running | undefined
  let backend: Running | undefined
  let storefront: Running | undefined
  let browser: Browser | undefined
  let context: BrowserContext | undefined
  let page: Page
  let api: AxiosInstance
  let sandbox: SandboxControl
  let norway: Norway
  let medusaUrl: string
  let storefrontUrl: string
  let sandboxUrl: string
  let typeCheck: Promise<string> | undefined
  let broken: string | undefined
  const timings: string[] = []

  /** Each step needs the ones before it: after a failure the rest say which step they needed. */
  function step(name: string, fn: () => Promise<void>, options: { timeoutMs?: number; browser?: boolean } = {}) {
    it(
      name,
      async () => {
        if (broken) throw new Error(`not run: an earlier step failed ("${broken}")`)
        const began = Date.now()
        // Its own limit, a little inside jest's: a step that hangs fails here (and takes its
        // screenshot) instead of running on beside the next one.
        const limit = (options.timeoutMs ?? 3 * MINUTE) - 5_000
        let timer: NodeJS.Timeout | undefined
        try {
          await Promise.race([
            fn(),
            new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`step still running after ${limit / 1000} s`)), limit))),
          ])
        } catch (error) {
          broken = name
          // What the shopper's page showed when a browser step failed.
          if (options.browser) await shot(`failed-${name.replace(/[^a-z0-9]+/gi, "-").slice(0, 60)}`).catch(() => undefined)
          throw error
        } finally {
          clearTimeout(timer)
          timings.push(`${((Date.now() - began) / 1000).toFixed(1).padStart(6)} s  ${name}`)
        }
      },
      options.timeoutMs
    )
  }

  const pnpm = (name: string, args: string[], cwd: string, timeoutMs: number, extraEnv: Record<string, string> = {}) =>
    run(name, PNPM, args, { cwd, env: { ...env, ...extraEnv }, logDir, timeoutMs })

  async function shot(name: string) {
    if (!page) return
    await page.screenshot({ path: path.join(RESULTS, `${name}.png`), fullPage: true })
  }

  const byTestId = (id: string) => page.locator(`[data-testid="${id}"]`)

  beforeAll(async () => {
    for (const [name, value] of Object.entries({ STARTER_DIR: STARTER, STARTER_OLD_DIR: OLD_STARTER, STARTER_TARBALL: TARBALL, STARTER_PNPM: PNPM })) {
      if (!value) throw new Error(`${name} is set by scripts/test-starter.sh`)
    }
    logDir = path.join(STARTER, "..", "logs")
    fs.mkdirSync(RESULTS, { recursive: true })
    for (const file of fs.readdirSync(RESULTS)) if (file.endsWith(".png")) fs.rmSync(path.join(RESULTS, file))
    if (!fs.existsSync(path.join(STARTER, "node_modules/.pnpm"))) throw new Error("the starter's own `pnpm install` (scripts/test-starter.sh) has not run")
    const [sandboxPort, medusaPort, storefrontPort] = [await freePort(), await freePort(), await freePort()]
    medusaUrl = `http://127.0.0.1:${medusaPort}`
    storefrontUrl = `http://localhost:${storefrontPort}`
    sandboxUrl = `http://127.0.0.1:${sandboxPort}`
    database = await createDatabase("starter")
    // The test's own ports and database. Everything else (the Vipps credentials of the sandbox's
    // NOK merchant, secrets) comes from apps/backend/.env as the doc writes it: Medusa's loadEnv
    // never overrides a variable the environment already has.
    env = cleanEnv({
      ...(PNPM_STORE ? { npm_config_store_dir: PNPM_STORE } : {}),
      DATABASE_URL: database.url,
      HOST: "127.0.0.1",
      PORT: String(medusaPort),
      STORE_CORS: storefrontUrl,
      ADMIN_CORS: medusaUrl,
      AUTH_CORS: medusaUrl,
      MEDUSA_DISABLE_TELEMETRY: "true",
      NEXT_TELEMETRY_DISABLED: "1",
      VIPPS_ENVIRONMENT: sandboxUrl,
      VIPPS_RETURN_URL: `${storefrontUrl}/no/vipps/return?reference={reference}&token={token}`,
      VIPPS_WEBHOOK_BASE_URL: medusaUrl,
    })
    api = axios.create({ baseURL: medusaUrl })
    sandbox = new SandboxControl(sandboxUrl)
  })

  afterAll(async () => {
    await context?.close().catch(() => undefined)
    await browser?.close().catch(() => undefined)
    stop(storefront)
    stop(backend)
    stop(sandboxProcess)
    await typeCheck?.catch(() => undefined)
    await database?.drop()
    console.log(`Steps:\n${timings.join("\n")}\nLogs: ${logDir}`)
  })

  step("docs/storefront-nextjs.md reads as steps: every code block is a command or names the file it goes to", async () => {
    recipe = parseRecipe(fs.readFileSync(DOC, "utf8"))
    const commands = recipe.flatMap((s) => (s.kind === "run" ? s.commands : []))
    expect(commands).toEqual(["pnpm --filter @dtc/backend --filter @dtc/storefront add medusa-payment-vipps"])
    const files = [...new Set(recipe.flatMap((s) => (s.kind === "run" ? [] : [s.file])))]
    expect(files).toEqual(expect.arrayContaining([
      "apps/backend/medusa-config.ts",
      "apps/backend/.env",
      "apps/storefront/src/lib/constants.tsx",
      "apps/storefront/src/lib/data/vipps.ts",
      "apps/storefront/src/modules/checkout/components/payment-button/index.tsx",
      "apps/storefront/src/app/[countryCode]/(main)/vipps/return/page.tsx",
      "apps/storefront/src/modules/checkout/components/vipps-return/index.tsx",
    ]))
  })

  step("every storefront edit of the recipe finds its line in the older nextjs-starter-medusa too", async () => {
    const copy = fs.mkdtempSync(path.join(os.tmpdir(), "vipps-old-starter-"))
    try {
      fs.cpSync(path.join(OLD_STARTER, "src"), path.join(copy, "src"), { recursive: true })
      execFileSync("chmod", ["-R", "u+w", copy])
      // The same files, without the workspace's apps/storefront/ (and no backend in that project).
      const applied = applyFileSteps(recipe, copy, (file) => (file.startsWith("apps/storefront/") ? file.slice("apps/storefront/".length) : undefined))
      expect(applied).toHaveLength(recipe.filter((s) => s.kind !== "run" && s.file.startsWith("apps/storefront/")).length)
    } finally {
      fs.rmSync(copy, { recursive: true, force: true })
    }
  })

  step("installs the packed plugin into apps/backend and apps/storefront with the doc's pnpm command (after the starter's own pnpm install), keeping the starter's Medusa 2.18.0", async () => {
    const commands = recipe.flatMap((s) => (s.kind === "run" ? s.commands : []))
    for (const [i, command] of commands.entries()) {
      const [tool, ...args] = command.split(/\s+/)
      expect(tool).toBe("pnpm")
      // The package name as a merchant types it, here the tarball npm pack made.
      const output = await pnpm(`pnpm-add-${i + 1}`, args.map((a) => (a === "medusa-payment-vipps" ? TARBALL : a)), STARTER, 6 * MINUTE)
      const peerLines = output.split("\n").filter((l) => /medusa-payment-vipps/.test(l) && /peer/i.test(l))
      if (peerLines.length) console.log(`${command}: pnpm's peer warnings about the plugin:\n${peerLines.join("\n")}`)
    }
    const packed = JSON.parse(execFileSync("tar", ["-xzOf", TARBALL, "package/package.json"], { encoding: "utf8" }))
    for (const app of [BACKEND(), STOREFRONT()]) {
      const installed = JSON.parse(fs.readFileSync(path.join(app, "node_modules/medusa-payment-vipps/package.json"), "utf8"))
      expect({ app: path.basename(app), installed }).toEqual({ app: path.basename(app), installed: packed })
    }
    const version = (app: string, name: string) => JSON.parse(fs.readFileSync(path.join(app, "node_modules", name, "package.json"), "utf8")).version
    expect(version(BACKEND(), "@medusajs/medusa")).toBe("2.18.0")
    expect(version(BACKEND(), "@medusajs/framework")).toBe("2.18.0")
    expect(version(STOREFRONT(), "@medusajs/js-sdk")).toBe("2.18.0")
  }, { timeoutMs: 13 * MINUTE })

  step("applies the recipe: medusa-config.ts, .env and the storefront's five changes", async () => {
    // The starter's README, step 2: the backend's .env from its template.
    fs.copyFileSync(path.join(BACKEND(), ".env.template"), path.join(BACKEND(), ".env"))
    const tsconfigBefore = fs.readFileSync(path.join(STOREFRONT(), "tsconfig.json"), "utf8")
    const applied = applyFileSteps(recipe, STARTER)
    console.log(`Recipe applied:\n  ${applied.join("\n  ")}`)
    expect(applied).toHaveLength(recipe.filter((s) => s.kind !== "run").length)
    expect(fs.readFileSync(path.join(STOREFRONT(), "tsconfig.json"), "utf8")).toBe(tsconfigBefore)
    // The storefront's type check needs nothing of the server: it runs from here on, beside the backend's steps.
    typeCheck = pnpm("storefront-tsc", ["exec", "tsc", "--noEmit"], STOREFRONT(), 5 * MINUTE)
    typeCheck.catch(() => undefined) // awaited (and reported) by its own step
  })

  step("migrates the database: the starter's seed (db:migrate) and the plugin's tables", async () => {
    await pnpm("db-migrate", ["medusa", "db:migrate"], BACKEND(), 5 * MINUTE)
    const client = new Client({ connectionString: database!.url })
    await client.connect()
    try {
      const { rows: tables } = await client.query("SELECT table_name FROM information_schema.tables WHERE table_name LIKE 'vipps%'")
      expect(tables.length).toBeGreaterThan(0)
      const { rows: products } = await client.query("SELECT handle FROM product WHERE deleted_at IS NULL")
      expect(products.map((p) => p.handle)).toEqual(expect.arrayContaining(["t-shirt"]))
    } finally {
      await client.end()
    }
  }, { timeoutMs: 6 * MINUTE })

  step("boots the backend with the starter's `pnpm dev` (medusa develop) and the plugin, against the installed package's vipps-sandbox", async () => {
    sandboxProcess = start("sandbox", path.join(BACKEND(), "node_modules/.bin/vipps-sandbox"), ["--port", new URL(sandboxUrl).port], { cwd: BACKEND(), env, logDir })
    backend = start("backend", PNPM, ["dev"], { cwd: BACKEND(), env, logDir })
    // The starter's README, step 5 (beside the boot: it only needs the migrated database).
    await Promise.all([
      pnpm("medusa-user", ["medusa", "user", "-e", ADMIN_EMAIL, "-p", ADMIN_PASSWORD], BACKEND(), 3 * MINUTE),
      waitForHttp(`${sandboxUrl}/_sandbox/health`, sandboxProcess, 30_000),
      waitForHttp(`${medusaUrl}/health`, backend, 4 * MINUTE),
    ])
    const hook = await axios.post(`${medusaUrl}/hooks/vipps/vipps`, "{}", { validateStatus: () => true, headers: { "content-type": "application/json" } })
    expect(hook.status).toBe(401) // the plugin's webhook route is there: unsigned → refused
  }, { timeoutMs: 5 * MINUTE })

  step("the merchant adds Norway in the admin: NOK, a region with Vipps MobilePay, shipping, T-shirt prices", async () => {
    norway = await setUpNorway(api, await loginAdmin(api, ADMIN_EMAIL, ADMIN_PASSWORD))
    const { data } = await api.get(`/store/payment-providers?region_id=${norway.regionId}`, { headers: { "x-publishable-api-key": norway.publishableKey } })
    expect(data.payment_providers.map((p: { id: string }) => p.id)).toEqual([PROVIDER_ID])
  })

  step("the storefront's own type check (tsc --noEmit, its tsconfig unchanged) reports no error with the recipe", async () => {
    await typeCheck
  }, { timeoutMs: 5 * MINUTE })

  const storefrontEnv = () => ({
    NEXT_PUBLIC_MEDUSA_PUBLISHABLE_KEY: norway.publishableKey,
    NEXT_PUBLIC_MEDUSA_BACKEND_URL: medusaUrl,
    NEXT_PUBLIC_BASE_URL: storefrontUrl,
    NEXT_PUBLIC_DEFAULT_REGION: "no",
  })

  step("next build (the storefront's `pnpm build`) passes with the recipe and has the return page", async () => {
    const output = await pnpm("next-build", ["build"], STOREFRONT(), 8 * MINUTE, storefrontEnv())
    expect(output).toContain("/[countryCode]/vipps/return")
  }, { timeoutMs: 9 * MINUTE })

  step("next start serves the storefront; Chromium opens the T-shirt in NOK", async () => {
    const port = new URL(storefrontUrl).port
    storefront = start("storefront", PNPM, ["exec", "next", "start", "-p", port, "-H", "127.0.0.1"], { cwd: STOREFRONT(), env: { ...env, ...storefrontEnv() }, logDir })
    await waitForHttp(`http://127.0.0.1:${port}/no`, storefront, 60_000)
    if (!fs.existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing (scripts/test-starter.sh installs Debian's chromium)`)
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run", "--disable-dev-shm-usage"],
    })
    context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: "nb-NO", timezoneId: "Europe/Oslo" })
    // Nothing leaves the machine (the starter's product images are on S3: not loaded).
    await context.route((url) => !/^(https?:\/\/(localhost|127\.0\.0\.1)(:\d+)?\/|data:|blob:|about:)/.test(url.toString()), (route) => route.abort())
    page = await context.newPage()
    page.setDefaultTimeout(30_000)
    page.on("pageerror", (error) => console.log(`page error: ${error.message}`))
    await page.goto(`${storefrontUrl}/no/products/t-shirt`)
    await page.getByText(`NOK ${NOK_TSHIRT}.00`).first().waitFor()
    await shot("01-product-page-nok-price")
  }, { browser: true, timeoutMs: 3 * MINUTE })

  step("a shopper walks the starter's checkout: address, delivery, Vipps MobilePay in the payment step, the Vipps button in the review step", async () => {
    // Size and colour: the page writes the chosen variant into the URL once React runs.
    await eventually(async () => {
      await byTestId("option-button").filter({ hasText: /^S$/ }).click()
      await byTestId("option-button").filter({ hasText: /^Black$/ }).click()
      return /v_id=/.test(page.url()) && (await byTestId("add-product-button").textContent()) === "Add to cart"
    }, 30_000)
    await page.waitForLoadState("networkidle")
    for (let i = 0; i < 2; i++) {
      // "Add to cart" is a server action (a POST to this page): the next press waits for its answer.
      await Promise.all([
        page.waitForResponse((r) => r.request().method() === "POST" && r.url().startsWith(`${storefrontUrl}/no/products/t-shirt`)),
        byTestId("add-product-button").click(),
      ])
    }
    await page.goto(`${storefrontUrl}/no/cart`)
    await page.getByText(`NOK ${2 * NOK_TSHIRT}.00`).first().waitFor()
    await byTestId("checkout-button").click()
    await page.waitForURL(/\/no\/checkout\?step=address/)
    await byTestId("shipping-first-name-input").fill("Kari")
    await byTestId("shipping-last-name-input").fill("Nordmann")
    await byTestId("shipping-address-input").fill("Storgata 1")
    await byTestId("shipping-postal-code-input").fill("0155")
    await byTestId("shipping-city-input").fill("Oslo")
    await byTestId("shipping-email-input").fill("kari@starter.test")
    await shot("02-checkout-address")
    await byTestId("submit-address-button").click()
    await page.waitForURL(/step=delivery/)
    await byTestId("delivery-option-radio").filter({ hasText: "Standard Shipping Norway" }).click()
    await shot("03-checkout-delivery-nok-shipping")
    await byTestId("submit-delivery-option-button").click()
    await page.waitForURL(/step=payment/)
    // The payment step lists the region's providers by the names of constants.tsx: "Vipps" is the recipe's entry.
    await page.getByText("Vipps", { exact: true }).click()
    await shot("04-checkout-payment-vipps-chosen")
    await byTestId("submit-payment-button").click()
    await page.waitForURL(/step=review/)
    const button = byTestId("submit-order-button")
    await button.waitFor()
    expect(await button.getAttribute("aria-label")).toMatch(/Vipps/)
    expect(await button.evaluate((b) => getComputedStyle(b).backgroundColor)).toBe("rgb(255, 91, 36)") // Vipps orange
    await page.getByText(`NOK ${ORDER_TOTAL}.00`).first().waitFor()
    await shot("05-checkout-review-vipps-button")
  }, { browser: true })

  let rejectedReference: string

  step("rejecting on the Vipps MobilePay landing page brings the shopper to the return page, which says so and links back to the checkout", async () => {
    await byTestId("submit-order-button").click()
    await page.waitForURL((url) => url.toString().startsWith(`${sandboxUrl}/landing?token=`))
    expect((await page.locator("#amount").textContent())?.replace(/\s/g, " ")).toMatch(new RegExp(`${ORDER_TOTAL}[,.]00`))
    await shot("06-vipps-landing-page-before-reject")
    await page.locator("#reject").click()
    await page.waitForURL((url) => url.toString().startsWith(`${storefrontUrl}/no/vipps/return?`))
    const returned = new URL(page.url())
    rejectedReference = returned.searchParams.get("reference")!
    const message = byTestId("vipps-return-message")
    await message.waitFor({ timeout: 30_000 })
    expect((await sandbox.payment(rejectedReference)).state).toBe("ABORTED")
    // The page shows the plugin's own sentence for this payment, as its return route answers it.
    const { data: status } = await api.get(`/store/vipps/payments/${encodeURIComponent(rejectedReference)}`, {
      params: { token: returned.searchParams.get("token") },
      headers: { "x-publishable-api-key": norway.publishableKey },
    })
    expect(status.status).toBe("failed")
    expect(await message.textContent()).toBe(status.message)
    await byTestId("vipps-return-to-checkout").waitFor()
    await shot("07-return-page-payment-rejected")
  }, { browser: true })

  let orderId: string
  let approvedReturn: { reference: string; token: string }

  step("back in the checkout, paying again and approving opens the starter's order confirmation, with one order for the cart", async () => {
    await byTestId("vipps-return-to-checkout").click()
    await page.waitForURL(/\/no\/checkout\?step=review/)
    await shot("08-checkout-review-after-reject")
    await byTestId("submit-order-button").click()
    await page.waitForURL((url) => url.toString().startsWith(`${sandboxUrl}/landing?token=`))
    await shot("09-vipps-landing-page-before-approve")
    await page.locator("#approve").click()
    await page.waitForURL((url) => url.toString().startsWith(`${storefrontUrl}/no/vipps/return?`))
    const returned = new URL(page.url())
    const reference = returned.searchParams.get("reference")!
    expect(reference).not.toBe(rejectedReference) // a new payment, not the rejected one again
    approvedReturn = { reference, token: returned.searchParams.get("token")! }
    await page.waitForURL(/\/no\/order\/order_[0-9A-Z]+\/confirmed$/, { timeout: 60_000 })
    orderId = page.url().match(/\/order\/(order_[0-9A-Z]+)\/confirmed/)![1]
    await byTestId("order-complete-container").waitFor()
    await page.getByText(`NOK ${ORDER_TOTAL}.00`).first().waitFor()
    await shot("10-order-confirmation")
    const order = await getOrderDetails(api, storeOf(norway), orderId)
    expect(order.total).toBe(ORDER_TOTAL)
    expect(order.payment_collections[0].payments).toHaveLength(1)
    expect(order.payment_collections[0].payments[0].data.reference).toBe(reference)
    expect((await sandbox.payment(reference)).aggregate.authorizedAmount.value).toBe(ORDER_TOTAL * 100)
    const { data } = await api.get("/admin/orders?fields=id", norway.admin)
    expect(data.orders.map((o: { id: string }) => o.id)).toEqual([orderId])
  }, { browser: true, timeoutMs: 3 * MINUTE })

  step("after the Vipps order the storefront forgets the cart, as after its own orders: the cart page is empty, Cart (0)", async () => {
    // The paid cart itself is still there in Medusa: only vippsOrderPlaced (the recipe's server
    // action removing the cart cookie) makes the starter's cart page empty.
    const storeHeaders = { "x-publishable-api-key": norway.publishableKey }
    const { data: status } = await api.get(`/store/vipps/payments/${encodeURIComponent(approvedReturn.reference)}`, {
      params: { token: approvedReturn.token },
      headers: storeHeaders,
    })
    expect(status).toMatchObject({ status: "completed", order_id: orderId })
    const { data: { cart } } = await api.get(`/store/carts/${status.cart_id}`, { headers: storeHeaders })
    expect(cart.items.map((item: { quantity: number }) => item.quantity)).toEqual([2])
    await page.goto(`${storefrontUrl}/no/cart`)
    await page.getByText("You don't have anything in your cart").waitFor()
    // The cart dropdown's own link (inside its button), which counts the cart's items: the nav's
    // Suspense fallback says "Cart (0)" whatever the cart holds, and both can be on the page at once.
    await page.locator("button").getByTestId("nav-cart-link").filter({ hasText: "Cart (0)" }).waitFor()
    await shot("11-cart-empty-after-order")
  }, { browser: true })

  step("fulfilling the order through the admin API captures the order total at Vipps and in Medusa", async () => {
    const store = storeOf(norway)
    const order = await getOrderDetails(api, store, orderId)
    const payment = order.payment_collections[0].payments[0]
    await fulfil(api, store, orderId, order.items.map((item: { id: string; quantity: number }) => ({ id: item.id, quantity: item.quantity })))
    const amounts = async () => {
      const atVipps = (await sandbox.payment(payment.data.reference)).aggregate
      return {
        capturedAtVipps: atVipps.capturedAmount.value,
        cancelledAtVipps: atVipps.cancelledAmount.value,
        capturedInMedusa: (await medusaPayment(api, store, payment.id)).capturedMinor,
      }
    }
    const expected = { capturedAtVipps: ORDER_TOTAL * 100, cancelledAtVipps: 0, capturedInMedusa: ORDER_TOTAL * 100 }
    // Captures follow the fulfilment asynchronously (a subscriber): wait for them, then compare exactly.
    await eventually(async () => JSON.stringify(await amounts()) === JSON.stringify(expected), 30_000).catch(() => undefined)
    expect(await amounts()).toEqual(expected)
  }, { timeoutMs: 2 * MINUTE })
})

/** The helpers' Store shape for this store (they use its admin headers and stock location). */
function storeOf(norway: Norway): Store {
  return {
    admin: norway.admin,
    storeHeaders: { headers: { "x-publishable-api-key": norway.publishableKey } },
    regionId: norway.regionId,
    salesChannelId: norway.salesChannelId,
    shippingOptionId: norway.shippingOptionId,
    shippingProfileId: norway.shippingProfileId,
    stockLocationId: norway.stockLocationId,
    market: MARKETS.NOK,
  }
}
