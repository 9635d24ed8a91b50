#!/usr/bin/env node
// Browser test: a shopper buys on the demo storefront and pays with Vipps MobilePay on the
// sandbox landing page; the receipt opens in a fresh browser context; a second shopper buys from
// the product page with Express ("Kjøp nå med Vipps": test profile and shipping picked on the
// sandbox landing page, no address typed) to the receipt; a Danish shopper (language switch,
// market Danmark) is rejected and then pays, with the browser's clock before and after MobilePay
// becomes Vipps on 12 January 2027 (button caption and brand, return-page texts), and the return
// page is shown in en, nb, da, fi and sv (return-*.png); support staff capture and
// refund part of the payment from the Vipps MobilePay card on the order in the Medusa admin (its
// place beside Medusa's payment section, Medusa's money/date formats, plain words), release the rest.
// Headless Chromium (Debian's /usr/bin/chromium) driven by playwright-core.
//
// Run through scripts/test-browser.sh, which starts the demo stack (sandbox, PostgreSQL, Medusa
// with a prebuilt admin, storefront) on non-default ports and passes:
//   STOREFRONT_URL, MEDUSA_URL, SANDBOX_URL   where the stack answers (localhost/127.0.0.1 only)
//   RESULTS_DIR        screenshots (default test-results/browser)
//   CHROMIUM_PATH      default /usr/bin/chromium
//   BROWSER_TEST_PARTS "storefront" to stop before the admin (default: all)
//   BROWSER_TEST_TIMEOUT_MS  hard limit for this script (default 300000)
//   VIPPS_EXPRESS_SHIPPING   "dynamic" when the stack runs with it (Express through the callback)
// Exit code 0 = every check passed; anything else = a failure (screenshot failure-*.png).
import assert from "node:assert/strict"
import fs from "node:fs"
import os from "node:os"
import path from "node:path"
import { chromium } from "playwright-core"
import { paymentsPage } from "./payments-page.mjs"
import { goLiveEvidence } from "./go-live-evidence.mjs"
import { cardCheckout } from "./card-checkout.mjs"

const STOREFRONT_URL = (process.env.STOREFRONT_URL || "http://localhost:8000").replace(/\/+$/, "")
const MEDUSA_URL = (process.env.MEDUSA_URL || "http://localhost:9000").replace(/\/+$/, "")
const SANDBOX_URL = (process.env.SANDBOX_URL || "http://127.0.0.1:4545").replace(/\/+$/, "")
const RESULTS_DIR = path.resolve(process.env.RESULTS_DIR || "test-results/browser")
const CHROMIUM = process.env.CHROMIUM_PATH || "/usr/bin/chromium"
const PARTS = process.env.BROWSER_TEST_PARTS || "all"
const ADMIN_EMAIL = process.env.DEMO_ADMIN_EMAIL || "admin@vipps.test"
const ADMIN_PASSWORD = process.env.DEMO_ADMIN_PASSWORD || "supersecret"
const HARD_LIMIT_MS = Number(process.env.BROWSER_TEST_TIMEOUT_MS || 300_000)

// Product and prices seeded by demo/seed.ts (region Norge, NOK, prices include VAT).
const PRODUCT = "Ullgenser"
const EXPECTED_TOTAL = 848 // 799 sweater + 49 "Standard" shipping
// Express from the product page: the beanie with "Standard" shipping, Kari Nordmann's profile.
const EXPRESS_PRODUCT = "Lue"
const EXPRESS_TOTAL = 298 // 249 beanie + 49 "Standard" shipping
const EXPRESS_EMAIL = "kari.nordmann@example.no" // the sandbox's Norwegian test profile
// The demo's providers offer fixed options unless VIPPS_EXPRESS_SHIPPING=dynamic (medusa-config.ts):
// then the sandbox's landing page asks the plugin's shipping callback for the shared address.
const EXPRESS_SHIPPING = process.env.VIPPS_EXPRESS_SHIPPING === "dynamic" ? "dynamic" : "fixed"
const CAPTURE = "100.00"
const REFUND = "30.00"

for (const url of [STOREFRONT_URL, MEDUSA_URL, SANDBOX_URL]) {
  const { hostname } = new URL(url)
  if (!["localhost", "127.0.0.1", "[::1]"].includes(hostname)) {
    console.error(`refusing to test a non-local URL: ${url}`)
    process.exit(2)
  }
}

const started = Date.now()
const log = (message) => console.log(`[browser ${((Date.now() - started) / 1000).toFixed(1).padStart(5)}s] ${message}`)
const watchdog = setTimeout(() => {
  console.error(`[browser] FAILED: still running after ${HARD_LIMIT_MS / 1000} s, giving up`)
  process.exit(1)
}, HARD_LIMIT_MS)

fs.mkdirSync(RESULTS_DIR, { recursive: true })
for (const file of fs.readdirSync(RESULTS_DIR)) if (file.endsWith(".png")) fs.rmSync(path.join(RESULTS_DIR, file))

const screenshots = []
async function shot(page, name, options = {}) {
  const file = path.join(RESULTS_DIR, `${name}.png`)
  await page.screenshot({ path: file, ...options })
  screenshots.push(path.relative(process.cwd(), file))
}

const isLocal = (url) => /^(https?|wss?):\/\/(localhost|127\.0\.0\.1|\[::1\])(:\d+)?(\/|$)/.test(url) || /^(data|blob|about):/.test(url)
const blocked = []
const pageErrors = []

async function newContext(browser, label) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: "nb-NO", timezoneId: "Europe/Oslo" })
  // Nothing leaves the machine: any request to another host is aborted (and reported).
  await context.route((url) => !isLocal(url.toString()), (route) => {
    blocked.push(route.request().url())
    return route.abort("blockedbyclient")
  })
  context.on("page", (page) => watchPage(page, label))
  return context
}

function watchPage(page, label) {
  page.on("pageerror", (error) => {
    pageErrors.push(`${label}: ${error.message}`)
    log(`page error (${label}): ${error.message}`)
  })
  page.on("console", (message) => {
    if (message.type() !== "error") return
    const text = message.text()
    if (!/validateDOMNesting/.test(text)) return log(`console error (${label}): ${text.split("\n")[0].slice(0, 200)}`)
    // React's DOM nesting warnings name the culprit only in their arguments (the component stack).
    Promise.all(message.args().map((arg) => arg.jsonValue().catch(() => "?")))
      .then((args) => log(`console error (${label}): ${args.join(" ").replace(/\s+/g, " ").slice(0, 600)}`))
      .catch(() => log(`console error (${label}): ${text.slice(0, 200)}`))
  })
}

// --- Languages and brands: Danish before and after MobilePay becomes Vipps (12 January 2027) ---
const DANISH = {
  button: (app) => `Betal med ${app}`,
  rejected: (app) => `Betalingen blev annulleret i ${app}. Der er ikke trukket penge. Vælg ${app} igen for at starte en ny betaling.`,
  approved: (app) => `Betalingen er godkendt i ${app}. Du får en bekræftelse på e-mail.`,
}
// The browser's clock (page.clock): the kit makes the button and the texts with it. 23:30 on
// 11 January in Copenhagen is still MobilePay; 00:00:01 on 12 January is Vipps.
const BRAND_MOMENTS = [
  { label: "before-2027-01-12", now: new Date("2027-01-11T22:30:00Z"), app: "MobilePay" },
  { label: "from-2027-01-12", now: new Date("2027-01-11T23:00:01Z"), app: "Vipps" },
]

/** Pays on the Danish storefront (in Danish) at `now`: a rejected payment, then an approved one. */
async function danishCheckout(browser, { label, now, app }) {
  const context = await newContext(browser, `da-${label}`)
  await context.clock.setFixedTime(now) // Date is `now`; timers still run
  const page = await context.newPage()
  currentPage = page
  page.setDefaultTimeout(30_000)
  const payAtVipps = async (action) => {
    await page.goto(`${STOREFRONT_URL}/checkout`)
    const button = byTestId(page, "vipps-pay")
    await page.waitForFunction(() => {
      const b = document.querySelector('[data-testid="vipps-pay"]')
      return b && !b.disabled
    })
    assert.equal((await button.textContent()).replace(/\s+/g, " ").trim(), DANISH.button(app), `the button at ${now.toISOString()}`)
    assert.equal(await button.getAttribute("data-vipps-brand"), app.toLowerCase())
    assert.equal(await button.evaluate((b) => getComputedStyle(b).backgroundColor), "rgb(90, 120, 255)", "MobilePay blue, also as Vipps")
    if (action === "reject") await shot(page, `checkout-da-${label}`)
    await button.click()
    await page.waitForURL((url) => url.toString().startsWith(`${SANDBOX_URL}/landing?token=`))
    await page.locator(`#${action}`).click()
    await page.waitForURL((url) => url.toString().startsWith(`${STOREFRONT_URL}/vipps/return?`))
    await page.waitForFunction(() => {
      const status = document.querySelector('[data-testid="receipt"]')?.dataset.status
      return status && !["checking", "pending", "retry_later"].includes(status)
    }, null, { timeout: 60_000 })
    return page.url()
  }

  await step(`Danish checkout at ${now.toISOString()} (${app}): rejected${languagesShown ? "" : " (its return page in en, nb, da, fi, sv)"}, then approved`, async () => {
    await page.goto(`${STOREFRONT_URL}/?market=Danmark&lang=da`)
    const product = page.locator('[data-testid="product"]', { hasText: "Lue" })
    await product.waitFor()
    assert.equal((await product.locator('[data-testid="express-buy"]').textContent()).replace(/\s+/g, " ").trim(), `Køb nu med ${app}`)
    await product.locator('[data-testid="add-to-cart"]').click()
    await page.waitForFunction(() => document.querySelector('[data-testid="cart-count"]')?.textContent === "1")

    const rejectedUrl = await payAtVipps("reject")
    assert.equal(await byTestId(page, "receipt").getAttribute("data-status"), "failed")
    assert.equal(await byTestId(page, "receipt-title").textContent(), "Betalingen blev ikke gennemført")
    assert.equal(await byTestId(page, "receipt-message").textContent(), DANISH.rejected(app))
    await shot(page, `return-rejected-da-${label}`)
    // Before a new payment on this cart replaces (deletes) the rejected session: its return page in every language.
    if (!languagesShown) await returnPageInEveryLanguage(browser, rejectedUrl, now)
    languagesShown = true

    await payAtVipps("approve")
    const message = await byTestId(page, "receipt-message").textContent()
    assert.equal(await byTestId(page, "receipt").getAttribute("data-status"), "completed", `receipt (message: ${message})`)
    assert.equal(await byTestId(page, "receipt-title").textContent(), "Tak for din ordre!")
    assert.equal(await byTestId(page, "receipt-status").textContent(), DANISH.approved(app))
    assert.equal(await byTestId(page, "receipt-total").getAttribute("data-currency"), "dkk")
    await shot(page, `return-approved-da-${label}`)
  })
  await context.close()
}

let languagesShown = false
// The rejected Danish payment's return page in each language (MobilePay in Denmark before the date).
const RETURN_IN = {
  en: /^The payment was cancelled in MobilePay\. Nothing was charged\./,
  nb: /^Betalingen ble avbrutt i MobilePay\. Du har ikke blitt belastet\./,
  da: /^Betalingen blev annulleret i MobilePay\. Der er ikke trukket penge\./,
  fi: /^Maksu peruttiin MobilePay-sovelluksessa\. Sinulta ei veloitettu mitään\./,
  sv: /^Betalningen avbröts i MobilePay\. Inga pengar har dragits\./,
}

async function returnPageInEveryLanguage(browser, returnUrl, now) {
  const context = await newContext(browser, "languages")
  await context.clock.setFixedTime(now)
  await Promise.all(Object.entries(RETURN_IN).map(async ([language, expected]) => {
    const page = await context.newPage()
    page.setDefaultTimeout(30_000)
    await page.goto(`${returnUrl}&lang=${language}`)
    await page.waitForFunction(() => document.querySelector('[data-testid="receipt"]')?.dataset.status === "failed", null, { timeout: 60_000 })
    assert.equal(await page.locator("html").getAttribute("lang"), language)
    assert.equal(await byTestId(page, "language-switch").inputValue(), language)
    const message = await byTestId(page, "receipt-message").textContent()
    assert.match(message, expected, `return page in ${language}`)
    await shot(page, `return-language-${language}`)
  }))
  await context.close()
}

async function languagesAndBrands(browser) {
  for (const moment of BRAND_MOMENTS) await danishCheckout(browser, moment)
}

async function sandboxPayment(reference) {
  const res = await fetch(`${SANDBOX_URL}/_sandbox/payments/${encodeURIComponent(reference)}`)
  assert.equal(res.status, 200, `sandbox has payment ${reference}`)
  return res.json()
}

const byTestId = (page, id) => page.locator(`[data-testid="${id}"]`)

let current = "start"
let currentPage
const steps = []
async function step(name, fn) {
  current = name
  const t0 = Date.now()
  log(`▶ ${name}`)
  await fn()
  steps.push({ name, ms: Date.now() - t0 })
  log(`✔ ${name} (${((Date.now() - t0) / 1000).toFixed(1)} s)`)
}

async function main() {
  assert.ok(fs.existsSync(CHROMIUM), `${CHROMIUM} exists (apt-get install -y chromium)`)
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    // playwright-core gives every launch a fresh temporary --user-data-dir (removed on close).
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run", "--disable-quic", "--disable-sync", "--disable-dev-shm-usage"],
  })
  log(`Chromium ${browser.version()} (${CHROMIUM})`)
  try {
    await run(browser)
  } finally {
    await browser.close().catch(() => {})
  }
}

async function run(browser) {
  const shopper = await newContext(browser, "shopper")
  const page = await shopper.newPage()
  currentPage = page
  page.setDefaultTimeout(30_000)

  let reference
  let returnUrl
  let orderId
  let displayId

  await step("storefront lists the Norge products with NOK prices", async () => {
    await page.goto(`${STOREFRONT_URL}/`)
    const product = page.locator('[data-testid="product"]', { hasText: PRODUCT })
    await product.waitFor()
    const price = await product.locator('[data-testid="product-price"]').textContent()
    assert.match(price.replace(/\s/g, " "), /799,00\s*kr/, `price of ${PRODUCT} in NOK, got "${price}"`)
    await shot(page, "01-storefront-products")
  })

  await step(`add "${PRODUCT}" to the cart`, async () => {
    await page.locator('[data-testid="product"]', { hasText: PRODUCT }).locator('[data-testid="add-to-cart"]').click()
    await page.waitForFunction(() => document.querySelector('[data-testid="cart-count"]')?.textContent === "1")
    await byTestId(page, "cart-summary").waitFor()
    await shot(page, "02-cart")
  })

  await step("checkout: address prefilled, shipping chosen, total shown, Vipps button on brand", async () => {
    await byTestId(page, "go-to-checkout").click()
    await page.waitForURL(`${STOREFRONT_URL}/checkout`)
    const button = byTestId(page, "vipps-pay")
    await button.waitFor()
    await page.waitForFunction(() => {
      const b = document.querySelector('[data-testid="vipps-pay"]')
      return b && !b.disabled && document.querySelector('[data-testid="checkout-total"]')?.textContent
    })
    assert.equal(await page.inputValue('input[name="email"]'), "kari.nordmann@vipps.test")
    assert.equal(await page.inputValue('input[name="postal_code"]'), "0154")
    assert.match(await byTestId(page, "shipping-option").textContent(), /Standard/)
    const total = (await byTestId(page, "checkout-total").textContent()).replace(/\s/g, " ")
    assert.match(total, /848,00\s*kr/, `checkout total, got "${total}"`)
    const style = await button.evaluate((b) => {
      const s = getComputedStyle(b)
      return { background: s.backgroundColor, color: s.color, radius: parseFloat(s.borderTopLeftRadius), height: b.getBoundingClientRect().height }
    })
    assert.equal(style.background, "rgb(255, 91, 36)", "Vipps orange #FF5B24")
    assert.equal(style.color, "rgb(255, 255, 255)", "white text")
    assert.ok(style.radius >= style.height / 2 - 1, "rounded (oval) corners")
    assert.ok(style.height >= 44, "at least 44 px tall")
    assert.equal((await button.textContent()).replace(/\s+/g, " ").trim(), "Betal med Vipps")
    assert.equal(await button.getAttribute("aria-label"), "Betal med Vipps")
    await shot(page, "03-checkout")
  })

  await step("Betal med Vipps → full-page redirect to the sandbox landing page", async () => {
    await byTestId(page, "vipps-pay").click()
    await page.waitForURL((url) => url.toString().startsWith(`${SANDBOX_URL}/landing?token=`))
    await page.locator("#approve").waitFor()
    const amount = (await page.locator("#amount").textContent()).replace(/\s/g, " ")
    assert.match(amount, /848,00/, `landing page amount, got "${amount}"`)
    await shot(page, "04-sandbox-landing")
  })

  await step("approve → back on the storefront's return URL (receipt blocked in this browser for now)", async () => {
    // This browser must not be the one that completes the order: its calls to the return route
    // are held back until the fresh context below has shown the receipt.
    await shopper.route("**/store/vipps/payments/**", (route) => route.abort("failed"))
    await page.locator("#approve").click()
    await page.waitForURL((url) => url.toString().startsWith(`${STOREFRONT_URL}/vipps/return?`))
    returnUrl = page.url()
    const params = new URL(returnUrl).searchParams
    reference = params.get("reference")
    assert.ok(reference, "return URL has the reference")
    assert.ok(params.get("token"), "return URL has the return token (appended by the provider)")
    log(`return URL: ${returnUrl.replace(/token=[^&]+/, "token=…")}`)
    const payment = await sandboxPayment(reference)
    assert.equal(payment.state, "AUTHORIZED")
    assert.equal(payment.aggregate.authorizedAmount.value, EXPECTED_TOTAL * 100)
  })

  await step("receipt in a fresh browser context (no cookies, no storage) shows the order", async () => {
    const fresh = await newContext(browser, "fresh")
    const receipt = await fresh.newPage()
    currentPage = receipt
    receipt.setDefaultTimeout(30_000)
    assert.deepEqual(await fresh.cookies(), [], "no cookies in the fresh context")
    await receipt.goto(returnUrl)
    assert.equal(await receipt.evaluate(() => localStorage.length), 0, "no cart in the fresh context's storage")
    await receipt.waitForFunction(() => {
      const status = document.querySelector('[data-testid="receipt"]')?.dataset.status
      return status && !["checking", "pending", "retry_later"].includes(status)
    }, null, { timeout: 60_000 })
    const status = await byTestId(receipt, "receipt").getAttribute("data-status")
    const message = await byTestId(receipt, "receipt-message").textContent()
    assert.equal(status, "completed", `receipt status (message: ${message})`)
    orderId = (await byTestId(receipt, "receipt-order-id").textContent()).trim()
    displayId = (await byTestId(receipt, "receipt-display-id").textContent()).trim()
    assert.match(orderId, /^order_/)
    assert.match(displayId, /^#\d+$/)
    assert.equal((await byTestId(receipt, "receipt-reference").textContent()).trim(), reference)
    const items = await byTestId(receipt, "receipt-item").allTextContents()
    assert.equal(items.length, 1)
    assert.match(items[0], new RegExp(`1 × ${PRODUCT}`))
    assert.equal(await byTestId(receipt, "receipt-total").getAttribute("data-value"), String(EXPECTED_TOTAL))
    assert.equal(await byTestId(receipt, "receipt-total").getAttribute("data-currency"), "nok")
    log(`order ${displayId} (${orderId})`)
    assert.equal(await byTestId(receipt, "receipt-title").textContent(), "Takk for bestillingen!")
    assert.match(await byTestId(receipt, "receipt-status").textContent(), /^Betalingen er godkjent i Vipps\./)
    await shot(receipt, "05-receipt-fresh-context")
    await shot(receipt, "return-approved-nb")
    await fresh.close()
    currentPage = page
  })

  await step("the original browser then shows the same order (one order) and forgets its cart", async () => {
    await shopper.unroute("**/store/vipps/payments/**")
    await page.reload()
    await page.waitForFunction(() => document.querySelector('[data-testid="receipt"]')?.dataset.status === "completed", null, { timeout: 30_000 })
    assert.equal((await byTestId(page, "receipt-order-id").textContent()).trim(), orderId)
    assert.equal(await page.evaluate(() => localStorage.getItem("vipps-demo-cart-id")), null)
    await shot(page, "06-receipt-original-browser")
  })

  await step("a rejected payment: the receipt page says so and offers the checkout again", async () => {
    await page.goto(`${STOREFRONT_URL}/`)
    await page.locator('[data-testid="product"]', { hasText: "Lue" }).locator('[data-testid="add-to-cart"]').click()
    await page.waitForFunction(() => document.querySelector('[data-testid="cart-count"]')?.textContent === "1")
    await page.goto(`${STOREFRONT_URL}/checkout`)
    await page.waitForFunction(() => {
      const b = document.querySelector('[data-testid="vipps-pay"]')
      return b && !b.disabled
    })
    await byTestId(page, "vipps-pay").click()
    await page.waitForURL((url) => url.toString().startsWith(`${SANDBOX_URL}/landing?token=`))
    await page.locator("#reject").click()
    await page.waitForURL((url) => url.toString().startsWith(`${STOREFRONT_URL}/vipps/return?`))
    await page.waitForFunction(() => document.querySelector('[data-testid="receipt"]')?.dataset.status === "failed", null, { timeout: 30_000 })
    const message = await byTestId(page, "receipt-message").textContent()
    // Norwegian (the NOK market's language), from the plugin's catalogue, naming the Vipps app.
    assert.equal(message, "Betalingen ble avbrutt i Vipps. Du har ikke blitt belastet. Velg Vipps på nytt for å starte en ny betaling.")
    assert.equal(await byTestId(page, "receipt").getAttribute("data-code"), "vipps_payment_aborted")
    assert.ok(await byTestId(page, "receipt-retry").isVisible(), "link back to the checkout")
    assert.ok(await byTestId(page, "receipt-order").isHidden(), "no order shown")
    await shot(page, "06b-receipt-rejected")
    await shot(page, "return-rejected-nb")
  })
  await shopper.close()

  await languagesAndBrands(browser)

  const expressOrderId = await expressFromProductPage(browser)

  if (PARTS === "storefront") {
    log("BROWSER_TEST_PARTS=storefront: skipping the admin")
    return
  }

  const staff = await newContext(browser, "admin")
  const admin = await staff.newPage()
  currentPage = admin
  admin.setDefaultTimeout(60_000)

  await step("admin login at /app", async () => {
    await admin.goto(`${MEDUSA_URL}/app/login`)
    await admin.locator('input[name="email"]').fill(ADMIN_EMAIL)
    await admin.locator('input[name="password"]').fill(ADMIN_PASSWORD)
    await shot(admin, "07-admin-login")
    await admin.locator('button[type="submit"]').click()
    await admin.waitForURL((url) => !url.pathname.startsWith("/app/login"), { timeout: 60_000 })
  })

  await step("order page: the Vipps MobilePay card beside Medusa's payment section, in Medusa's formats and plain words", async () => {
    await admin.goto(`${MEDUSA_URL}/app/orders/${orderId}`)
    const card = byTestId(admin, "vipps-card")
    await card.waitFor({ timeout: 60_000 })
    await admin.waitForFunction(() => document.querySelectorAll('[data-testid="vipps-event-row"]').length >= 2, null, { timeout: 30_000 })
    await byTestId(admin, "vipps-card").and(admin.locator('[data-state="ready"]')).waitFor()

    const place = await cardPlace(admin)
    log(`card at x ${place.card.left}–${place.card.right}, y ${place.card.top}; Medusa's payment section x ${place.payment.left}–${place.payment.right}, y ${place.payment.top}–${place.payment.bottom}`)
    assert.ok(place.card.left >= place.payment.right, "the card is in the side column, beside the main column")
    assert.ok(place.card.top < place.payment.bottom, "the card starts level with (not below) Medusa's payment section")
    assert.ok(place.card.top < place.json.top, "the card is not below Metadata and JSON")

    assert.equal((await byTestId(admin, "vipps-reference").first().textContent()).trim(), reference)
    assert.equal((await byTestId(admin, "vipps-provider").first().textContent()).trim(), "Vipps MobilePay (NOK)")
    assert.equal((await byTestId(admin, "vipps-vipps-state").first().textContent()).trim(), "AUTHORIZED", "the Vipps state as a detail")
    await expectBadge(admin, "Reserved", "authorized")

    // Money exactly as Medusa's getLocaleAmount (the browser's locale, narrow symbol), and Medusa
    // shows the same string for this payment in its own section.
    const money = (value) => admin.evaluate((v) => new Intl.NumberFormat([], { style: "currency", currencyDisplay: "narrowSymbol", currency: "NOK" }).format(v), value)
    const total = await money(EXPECTED_TOTAL)
    assert.equal(await byTestId(admin, "vipps-amount-authorized").first().getAttribute("data-value"), `${EXPECTED_TOTAL}.00`)
    assert.equal(await byTestId(admin, "vipps-amount-authorized").first().textContent(), total)
    assert.ok(place.paymentText.includes(total), `Medusa's payment section shows ${total} too`)
    assert.equal(await byTestId(admin, "vipps-amount-captured").first().textContent(), await money(0))
    for (const label of ["Reserved", "Captured", "Refunded", "Released"]) assert.ok((await card.textContent()).includes(label), `amount "${label}"`)

    // Dates as Medusa's payment section shows them ("01 Dec, 2026, 06:54:38").
    const MEDUSA_DATE = /\d{2} [A-Z][a-z]{2}, \d{4}, \d{2}:\d{2}:\d{2}/
    assert.match(place.paymentText, MEDUSA_DATE, "Medusa's payment section date format")
    assert.match(await byTestId(admin, "vipps-capture-deadline").first().textContent(), new RegExp(`^${MEDUSA_DATE.source}$`))
    // No captureGuaranteedUntil from Vipps here: the deadline is the market's capture period, and the card says so.
    assert.equal(await byTestId(admin, "vipps-deadline-source").first().getAttribute("data-value"), "market")
    assert.equal(await byTestId(admin, "vipps-deadline-source").first().textContent(), "The market's capture period")
    for (const meta of await byTestId(admin, "vipps-event-meta").allTextContents()) assert.match(meta, new RegExp(`^${MEDUSA_DATE.source} · `))
    assert.equal(await byTestId(admin, "vipps-left-to-capture").first().textContent(), `${total} left to capture`)

    // Empty fields look empty: the maximum is a hint, not a placeholder.
    assert.equal(await byTestId(admin, "vipps-capture-amount").first().getAttribute("placeholder"), null)
    assert.equal(await byTestId(admin, "vipps-capture-amount").first().inputValue(), "")
    assert.equal(await byTestId(admin, "vipps-capture-amount-hint").first().textContent(), `max ${total}`)
    assert.equal(await byTestId(admin, "vipps-refund-amount-hint").first().textContent(), "Nothing left to refund")

    const events = (await byTestId(admin, "vipps-event-row").allTextContents()).join("\n")
    assert.match(events, /CREATED/, "event log has CREATED")
    assert.match(events, /AUTHORIZED/, "event log has AUTHORIZED")
    await expectFitsCard(admin)
    await card.scrollIntoViewIfNeeded()
    await shot(admin, "08-admin-order-vipps-card")
    await card.screenshot({ path: path.join(RESULTS_DIR, "08b-vipps-card.png") })
    screenshots.push(path.relative(process.cwd(), path.join(RESULTS_DIR, "08b-vipps-card.png")))
  })

  await step(`capture ${CAPTURE} NOK from the card`, async () => {
    await amountAction(admin, "vipps-capture-amount", "vipps-capture-submit", CAPTURE, "vipps-amount-captured", CAPTURE)
    const events = (await byTestId(admin, "vipps-event-row").allTextContents()).join("\n")
    assert.match(events, /CAPTURED/, "event log has CAPTURED")
    await expectBadge(admin, "Partially captured", "partially_captured")
    await shot(admin, "09-admin-captured")
  })

  await step(`refund ${REFUND} NOK from the card`, async () => {
    await amountAction(admin, "vipps-refund-amount", "vipps-refund-submit", REFUND, "vipps-amount-refunded", REFUND)
    const events = (await byTestId(admin, "vipps-event-row").allTextContents()).join("\n")
    assert.match(events, /REFUNDED/, "event log has REFUNDED")
    await expectBadge(admin, "Partially refunded", "partially_refunded")
    await expectFitsCard(admin)
    await shot(admin, "10-admin-refunded")
  })

  await step("the sandbox agrees: captured 10000 øre, refunded 3000 øre", async () => {
    const payment = await sandboxPayment(reference)
    assert.equal(payment.aggregate.authorizedAmount.value, EXPECTED_TOTAL * 100)
    assert.equal(payment.aggregate.capturedAmount.value, 10000)
    assert.equal(payment.aggregate.refundedAmount.value, 3000)
    assert.equal(payment.aggregate.cancelledAmount.value, 0)
  })

  await step("release the rest: nothing left to capture, so no capture deadline", async () => {
    await byTestId(admin, "vipps-release-submit").first().click()
    await byTestId(admin, "vipps-confirm").click()
    await admin.waitForFunction(() => document.querySelector('[data-testid="vipps-amount-cancelled"]')?.dataset.value === "748.00", null, { timeout: 60_000 })
    assert.equal(await byTestId(admin, "vipps-capture-deadline").count(), 0, "capture deadline hidden")
    assert.equal(await byTestId(admin, "vipps-capture-amount-hint").first().textContent(), "Nothing left to capture")
    assert.equal((await sandboxPayment(reference)).aggregate.cancelledAmount.value, 74800)
    await card(admin).screenshot({ path: path.join(RESULTS_DIR, "10b-vipps-card-released.png") })
    screenshots.push(path.relative(process.cwd(), path.join(RESULTS_DIR, "10b-vipps-card-released.png")))
  })

  await step("the Express order's card: express, the shipping chosen in the app, the shared profile masked", async () => {
    await admin.goto(`${MEDUSA_URL}/app/orders/${expressOrderId}`)
    const express = byTestId(admin, "vipps-express").first()
    await express.waitFor({ timeout: 60_000 })
    const value = async (id) => (await byTestId(admin, id).first().textContent()).trim()
    assert.equal(await byTestId(admin, "vipps-express-mode").first().getAttribute("data-value"), EXPRESS_SHIPPING)
    assert.equal(await value("vipps-express-shipping"), "Standard")
    assert.match((await value("vipps-express-shipping-amount")).replace(/\s/g, " "), /49/)
    assert.equal(await value("vipps-express-name"), "Kari Nordmann")
    const email = await value("vipps-express-email")
    assert.notEqual(email, EXPRESS_EMAIL, "email masked")
    assert.match(email, /^k\*+@example\.no$/)
    const phone = await value("vipps-express-phone")
    assert.ok(!phone.includes("791234"), `phone masked, got "${phone}"`)
    assert.match(phone, /4567$/)
    await express.scrollIntoViewIfNeeded()
    await express.screenshot({ path: path.join(RESULTS_DIR, "10c-vipps-card-express.png") })
    screenshots.push(path.relative(process.cwd(), path.join(RESULTS_DIR, "10c-vipps-card-express.png")))
  })

  await step("settings page /app/settings/vipps: providers by name, the API URL once", async () => {
    await admin.goto(`${MEDUSA_URL}/app/settings/vipps`)
    await byTestId(admin, "vipps-settings").and(admin.locator('[data-state="ready"]')).waitFor({ timeout: 60_000 })
    assert.equal((await byTestId(admin, "vipps-provider-name-pp_vipps_vipps").textContent()).trim(), "Vipps MobilePay (NOK)")
    const detail = await byTestId(admin, "vipps-provider-detail-pp_vipps_vipps").textContent()
    assert.equal(detail.split("://").length - 1, 1, `the API URL once in "${detail}"`)
    assert.match(detail, /^pp_vipps_vipps · MSN 100001 · /)
    await admin.waitForLoadState("networkidle").catch(() => {})
    await shot(admin, "11-admin-settings", { fullPage: true })
  })

  await step("settings page: the payment description changed in the form, recorded in the history with who and old → new", async () => {
    const id = "pp_vipps_vipps"
    const row = byTestId(admin, `vipps-setting-${id}-paymentDescription`)
    assert.equal(await row.getAttribute("data-source"), "medusa-config")
    await admin.locator(`#vipps-setting-${id}-paymentDescription-input`).fill("Kaffe fra demobutikken")
    await byTestId(admin, `vipps-settings-save-${id}`).click()
    const history = byTestId(admin, `vipps-settings-history-${id}`)
    await history.waitFor({ timeout: 30_000 })
    const text = await history.innerText()
    assert.match(text, /admin@vipps\.test/)
    assert.match(text, /Payment description/)
    assert.match(text, /Order from the Medusa demo store → Kaffe fra demobutikken/)
    await admin.locator(`[data-testid="vipps-setting-${id}-paymentDescription"][data-source="admin"]`).waitFor({ timeout: 10_000 })
    assert.match(await byTestId(admin, `vipps-credential-${id}-clientSecret`).innerText(), /sand…cret/)
    // The dashboard scrolls its main column, not the page: a viewport as tall as the settings shows all of them.
    await admin.locator("[data-sonner-toast]").first().waitFor({ state: "detached", timeout: 15_000 }).catch(() => {})
    const viewport = admin.viewportSize()
    const height = await byTestId(admin, "vipps-settings").evaluate((el) => el.scrollHeight)
    await admin.setViewportSize({ width: viewport.width, height: Math.min(height + 200, 12_000) })
    await byTestId(admin, "vipps-settings").evaluate((el) => el.scrollIntoView({ block: "start" }))
    await shot(admin, "12-admin-settings-changed")
    await admin.setViewportSize(viewport)
  })

  // The go-live check's evidence for Vipps's checklist form (issue 22, item 6), on the same settings page.
  await goLiveEvidence({ admin, step, shot, resultsDir: RESULTS_DIR })

  // The Vipps MobilePay payments page (issue 23): find, needs attention, act, export.
  await paymentsPage({ admin, step, shot, medusaUrl: MEDUSA_URL, sandboxUrl: SANDBOX_URL, resultsDir: RESULTS_DIR, orderId: expressOrderId, email: EXPRESS_EMAIL, total: EXPRESS_TOTAL })
  // Card payments (issue 22, item 5): "Betal med kort" → the sandbox's card form with 3-D Secure → receipt → the admin card.
  await cardCheckout({ browser, newContext, admin, step, shot, resultsDir: RESULTS_DIR, storefrontUrl: STOREFRONT_URL, sandboxUrl: SANDBOX_URL, medusaUrl: MEDUSA_URL })
  await staff.close()
}

/**
 * Express: "Kjøp nå med Vipps" on the product page → the sandbox landing page (share a test
 * profile, pick the shipping) → the receipt, in a browser that never typed an address; then the
 * same from the cart. Returns the product-page order's id (its admin card is checked later).
 */
async function expressFromProductPage(browser) {
  const context = await newContext(browser, "express")
  const page = await context.newPage()
  currentPage = page
  page.setDefaultTimeout(30_000)
  let reference
  let orderId

  await step(`product page: "Kjøp nå med Vipps" on "${EXPRESS_PRODUCT}", on brand`, async () => {
    await page.goto(`${STOREFRONT_URL}/`)
    const button = page.locator('[data-testid="product"]', { hasText: EXPRESS_PRODUCT }).locator('[data-testid="express-buy"]')
    await button.waitFor()
    assert.equal((await button.textContent()).replace(/\s+/g, " ").trim(), "Kjøp nå med Vipps")
    assert.equal(await button.getAttribute("aria-label"), "Kjøp nå med Vipps")
    const style = await button.evaluate((b) => ({ background: getComputedStyle(b).backgroundColor, color: getComputedStyle(b).color, height: b.getBoundingClientRect().height }))
    assert.deepEqual([style.background, style.color], ["rgb(255, 91, 36)", "rgb(255, 255, 255)"], "white on Vipps orange")
    assert.ok(style.height >= 44, "at least 44 px tall")
    assert.equal(await page.evaluate(() => localStorage.getItem("vipps-demo-cart-id")), null, "no cart in this browser")
    await shot(page, "06c-express-product-page")
    await button.click()
    await page.waitForURL((url) => url.toString().startsWith(`${SANDBOX_URL}/landing?token=`))
  })

  await step("sandbox landing page: share Kari Nordmann's profile, pick Standard shipping, total incl. shipping", async () => {
    await page.locator("#profiles").waitFor()
    await page.locator("#profile-NO").check()
    await shot(page, "06d-express-landing-profile")
    await page.locator("#share").click()
    const standard = page.locator("#shipping-options label", { hasText: "Standard" }).locator("input")
    await standard.waitFor()
    await standard.check()
    const total = (await page.locator("#total").textContent()).replace(/\s/g, " ")
    assert.match(total, /298,00/, `total including shipping, got "${total}"`)
    await shot(page, "06e-express-landing-shipping")
    await page.locator("#approve").click()
    await page.waitForURL((url) => url.toString().startsWith(`${STOREFRONT_URL}/vipps/return?`))
    reference = new URL(page.url()).searchParams.get("reference")
    const payment = await sandboxPayment(reference)
    assert.equal(payment.state, "AUTHORIZED")
    assert.equal(payment.aggregate.authorizedAmount.value, EXPRESS_TOTAL * 100, "authorized = beanie + shipping")
    assert.equal(payment.shippingDetails.shippingOptionName, "Standard")
    assert.equal(payment.userDetails.email, EXPRESS_EMAIL)
  })

  await step("receipt: the order with the shared email, the beanie and the shipping", async () => {
    await page.waitForFunction(() => {
      const status = document.querySelector('[data-testid="receipt"]')?.dataset.status
      return status && !["checking", "pending", "retry_later"].includes(status)
    }, null, { timeout: 60_000 })
    const message = await byTestId(page, "receipt-message").textContent()
    assert.equal(await byTestId(page, "receipt").getAttribute("data-status"), "completed", `receipt status (message: ${message})`)
    assert.equal((await byTestId(page, "receipt-reference").textContent()).trim(), reference)
    assert.equal((await byTestId(page, "receipt-email").textContent()).trim(), EXPRESS_EMAIL)
    const items = await byTestId(page, "receipt-item").allTextContents()
    assert.equal(items.length, 1)
    assert.match(items[0], new RegExp(`1 × ${EXPRESS_PRODUCT}`))
    assert.match((await byTestId(page, "receipt-shipping-total").textContent()).replace(/\s/g, " "), /49,00/)
    assert.equal(await byTestId(page, "receipt-total").getAttribute("data-value"), String(EXPRESS_TOTAL))
    orderId = (await byTestId(page, "receipt-order-id").textContent()).trim()
    log(`express order ${(await byTestId(page, "receipt-display-id").textContent()).trim()} (${orderId})`)
    await shot(page, "06f-express-receipt")
  })

  await step(`cart: "Kjøp nå med Vipps" for the cart, free pickup → receipt, and the cart is forgotten`, async () => {
    await page.goto(`${STOREFRONT_URL}/`)
    await page.locator('[data-testid="product"]', { hasText: PRODUCT }).locator('[data-testid="add-to-cart"]').click()
    await page.waitForFunction(() => document.querySelector('[data-testid="cart-count"]')?.textContent === "1")
    const cart = await page.evaluate(() => localStorage.getItem("vipps-demo-cart-id"))
    const button = byTestId(page, "express-cart")
    await button.waitFor()
    assert.equal((await button.textContent()).replace(/\s+/g, " ").trim(), "Kjøp nå med Vipps")
    await button.click()
    await page.waitForURL((url) => url.toString().startsWith(`${SANDBOX_URL}/landing?token=`))
    await page.locator("#share").click()
    await page.locator("#shipping-options label", { hasText: "Hent i butikk" }).locator("input").check()
    assert.match((await page.locator("#total").textContent()).replace(/\s/g, " "), /799,00/)
    await page.locator("#approve").click()
    await page.waitForURL((url) => url.toString().startsWith(`${STOREFRONT_URL}/vipps/return?`))
    const ref = new URL(page.url()).searchParams.get("reference")
    await page.waitForFunction(() => document.querySelector('[data-testid="receipt"]')?.dataset.status === "completed", null, { timeout: 60_000 })
    assert.equal(await byTestId(page, "receipt-total").getAttribute("data-value"), String(EXPECTED_TOTAL - 49))
    assert.equal((await byTestId(page, "receipt-email").textContent()).trim(), EXPRESS_EMAIL)
    assert.equal((await sandboxPayment(ref)).aggregate.authorizedAmount.value, (EXPECTED_TOTAL - 49) * 100, "authorized = sweater, free pickup")
    assert.equal(await page.evaluate(() => localStorage.getItem("vipps-demo-cart-id")), null, `the paid cart ${cart} is forgotten`)
    await shot(page, "06g-express-cart-receipt")
  })
  await context.close()
  return orderId
}

const card = (page) => byTestId(page, "vipps-card").first()

/** Where the card sits relative to Medusa's own payment and JSON sections (page coordinates). */
function cardPlace(page) {
  return page.evaluate(() => {
    const section = (title) =>
      [...document.querySelectorAll("h2")].find((h) => h.textContent.trim() === title)?.closest(".shadow-elevation-card-rest")
    const rect = (el) => {
      const r = el.getBoundingClientRect()
      return { left: Math.round(r.left + scrollX), right: Math.round(r.right + scrollX), top: Math.round(r.top + scrollY), bottom: Math.round(r.bottom + scrollY) }
    }
    // Medusa's own sections, by their (English) headings.
    const payment = section("Payments")
    const json = section("JSON")
    if (!payment || !json) throw new Error(`Medusa's sections not found; headings: ${[...document.querySelectorAll("h2")].map((h) => h.textContent.trim()).join(" | ")}`)
    return { card: rect(document.querySelector('[data-testid="vipps-card"]')), payment: rect(payment), json: rect(json), paymentText: payment.innerText }
  })
}

// Colours Medusa's order page gives these payment statuses (dashboard getOrderPaymentStatus).
const MEDUSA_STATUS_COLOR = { authorized: "orange", partially_captured: "orange", captured: "green", partially_refunded: "orange", refunded: "red", canceled: "red" }

/**
 * The badge says `label` (plain words) in the colour Medusa uses for the same payment status,
 * rendered the same way: its dot matches the dot of Medusa's own orange "Pending" badge on the
 * payment row. (Not compared with Medusa's order-level badge: after a partial refund of a partial
 * capture Medusa's aggregate says "Refunded".)
 */
async function expectBadge(page, label, status) {
  const badge = byTestId(page, "vipps-state").first()
  await page.waitForFunction((s) => document.querySelector('[data-testid="vipps-state"]')?.dataset.value === s, status, { timeout: 30_000 })
  assert.equal((await badge.textContent()).trim(), label)
  assert.equal(await badge.getAttribute("data-state"), "AUTHORIZED")
  assert.equal(await badge.getAttribute("data-color"), MEDUSA_STATUS_COLOR[status])
  const [ours, medusaOrange] = await page.evaluate(() => {
    const dot = (el) => el && getComputedStyle(el.querySelector("div > div")).backgroundColor
    const payments = [...document.querySelectorAll("h2")].find((h) => h.textContent.trim() === "Payments")?.closest(".shadow-elevation-card-rest")
    const pending = [...(payments?.querySelectorAll("span.txt-compact-xsmall-plus") ?? [])].find((b) => b.textContent.trim() === "Pending")
    return [dot(document.querySelector('[data-testid="vipps-state"]')), dot(pending)]
  })
  assert.ok(medusaOrange, "Medusa's payment row shows its orange Pending badge")
  if (MEDUSA_STATUS_COLOR[status] === "orange") assert.equal(ours, medusaOrange, "same orange as Medusa's badge")
}

/** Nothing in the card is cut off or scrolls sideways. */
async function expectFitsCard(page) {
  const overflowing = await page.evaluate(() => {
    const root = document.querySelector('[data-testid="vipps-card"]')
    return [root, ...root.querySelectorAll("*")].filter((el) => el.scrollWidth > el.clientWidth + 1 && getComputedStyle(el).overflowX !== "visible").map((el) => el.dataset.testid || el.tagName)
  })
  assert.deepEqual(overflowing, [], "nothing in the card overflows")
  const box = await card(page).boundingBox()
  for (const row of await byTestId(page, "vipps-event-row").all()) {
    const r = await row.boundingBox()
    assert.ok(r.x >= box.x - 1 && r.x + r.width <= box.x + box.width + 1, "event row inside the card")
  }
}

/** Types an amount, submits, confirms a prompt if the card asks, waits for the new total. */
async function amountAction(page, inputId, submitId, amount, resultId, expected) {
  await byTestId(page, inputId).first().fill(amount)
  await byTestId(page, submitId).first().click()
  const deadline = Date.now() + 60_000
  for (;;) {
    if ((await byTestId(page, resultId).first().getAttribute("data-value")) === expected) return
    // The card asks for confirmation before it moves money.
    const confirm = byTestId(page, "vipps-confirm")
    if (await confirm.isVisible().catch(() => false)) await confirm.click()
    if (Date.now() > deadline) {
      const shown = await byTestId(page, resultId).first().getAttribute("data-value")
      throw new Error(`${resultId} is ${shown}, expected ${expected}`)
    }
    await page.waitForTimeout(250)
  }
}

let failed = false
try {
  await main()
  if (pageErrors.length) throw new Error(`uncaught errors in the pages:\n  ${pageErrors.join("\n  ")}`)
} catch (error) {
  failed = true
  console.error(`\n[browser] FAILED in step "${current}": ${error.stack ?? error}`)
  if (currentPage && !currentPage.isClosed()) {
    const file = path.join(RESULTS_DIR, `failure-${current.replace(/[^a-z0-9]+/gi, "-").slice(0, 60)}.png`)
    await currentPage.screenshot({ path: file }).then(() => console.error(`[browser] screenshot: ${path.relative(process.cwd(), file)}`), () => {})
  }
}
clearTimeout(watchdog)
if (blocked.length) log(`blocked ${blocked.length} request(s) to other hosts: ${[...new Set(blocked)].slice(0, 5).join(", ")}`)
log(`screenshots (${screenshots.length}):${os.EOL}  ${screenshots.join(`${os.EOL}  `)}`)
for (const s of steps) log(`  ${(s.ms / 1000).toFixed(1).padStart(5)} s  ${s.name}`)
log(failed ? "FAILED" : `PASSED (${steps.length} steps)`)
process.exit(failed ? 1 : 0)
