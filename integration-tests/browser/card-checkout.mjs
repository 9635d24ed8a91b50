// Browser steps for card payments (docs/card-payments.md), called from checkout-and-admin.mjs:
// on the demo storefront the Norge checkout offers the neutral "Betal med kort" beside "Betal med
// Vipps" (the demo registers pp_vipps_vipps-card with VIPPS_CARD=on); the shopper pays on the
// sandbox's card form with the 3-D Secure test card, confirms the second page and lands on the
// receipt; the order's Vipps MobilePay card in the admin says "Card" and the card's BIN.
import assert from "node:assert/strict"
import path from "node:path"

const PRODUCT = "Lue"
const TOTAL = "298,00" // 249 beanie + 49 "Standard" shipping
const THREE_D_SECURE_CARD = "5200 8282 8282 8210"
const BIN = "520082"

/**
 * @param {{ browser: import("playwright-core").Browser, newContext: Function, admin: import("playwright-core").Page,
 *   step: Function, shot: Function, resultsDir: string, storefrontUrl: string, sandboxUrl: string, medusaUrl: string }} t
 */
export async function cardCheckout({ browser, newContext, admin, step, shot, resultsDir, storefrontUrl, sandboxUrl, medusaUrl }) {
  const byTestId = (page, id) => page.locator(`[data-testid="${id}"]`)
  const context = await newContext(browser, "card")
  const page = await context.newPage()
  page.setDefaultTimeout(30_000)
  let orderId

  await step(`card: "Betal med kort" below "Betal med Vipps" at checkout, neutral black with a card icon`, async () => {
    await page.goto(`${storefrontUrl}/`)
    await page.locator('[data-testid="product"]', { hasText: PRODUCT }).locator('[data-testid="add-to-cart"]').click()
    await page.waitForFunction(() => document.querySelector('[data-testid="cart-count"]')?.textContent === "1")
    await byTestId(page, "go-to-checkout").click()
    await page.waitForURL(`${storefrontUrl}/checkout`)
    await page.waitForFunction(() => {
      const b = document.querySelector('[data-testid="vipps-card-pay"]')
      return b && !b.disabled
    })
    const card = byTestId(page, "vipps-card-pay")
    const style = await card.evaluate((b) => {
      const s = getComputedStyle(b)
      return { background: s.backgroundColor, color: s.color, icon: !!b.querySelector("svg"), height: b.getBoundingClientRect().height, top: b.getBoundingClientRect().top }
    })
    assert.equal(style.background, "rgb(0, 0, 0)", "neutral black, not the brand colour")
    assert.equal(style.color, "rgb(255, 255, 255)")
    assert.ok(style.icon, "a card icon")
    assert.ok(style.height >= 44, "at least 44 px tall")
    assert.equal((await card.textContent()).trim(), "Betal med kort")
    const vippsTop = await byTestId(page, "vipps-pay").evaluate((b) => b.getBoundingClientRect().top)
    assert.ok(vippsTop < style.top, "the app's button comes first")
    assert.equal((await byTestId(page, "vipps-pay").textContent()).replace(/\s+/g, " ").trim(), "Betal med Vipps")
    await shot(page, "card-01-checkout")
  })

  await step("card: the sandbox's card form (not the app screen), a 3-D Secure card, confirmed on the second page", async () => {
    await byTestId(page, "vipps-card-pay").click()
    await page.waitForURL((url) => url.toString().startsWith(`${sandboxUrl}/landing?token=`))
    await page.locator("#card-form").waitFor()
    assert.equal(await page.locator("#approve").count(), 0, "no app approval on a card payment")
    assert.match((await page.locator("#amount").textContent()).replace(/\s/g, " "), new RegExp(TOTAL))
    await page.locator("#card-number").fill(THREE_D_SECURE_CARD)
    await page.locator("#card-expiry").fill("12/30")
    await page.locator("#card-cvc").fill("123")
    await shot(page, "card-02-sandbox-card-form")
    await page.locator("#pay-card").click()
    await page.locator("#three-d-secure").waitFor()
    await shot(page, "card-03-sandbox-3-d-secure")
    await page.locator("#approve-3ds").click()
    await page.waitForURL((url) => url.toString().startsWith(`${storefrontUrl}/vipps/return?`))
    await page.waitForFunction(() => document.querySelector('[data-testid="receipt"]')?.dataset.status === "completed", null, { timeout: 60_000 })
    orderId = (await byTestId(page, "receipt-order-id").textContent()).trim()
    assert.match(orderId, /^order_/)
    const reference = new URL(page.url()).searchParams.get("reference")
    const payment = await (await fetch(`${sandboxUrl}/_sandbox/payments/${encodeURIComponent(reference)}`)).json()
    assert.equal(payment.state, "AUTHORIZED")
    assert.deepEqual([payment.paymentMethod.type, payment.cardBin], ["CARD", BIN])
    await shot(page, "card-04-receipt")
  })
  await context.close()

  await step("card: the order's Vipps MobilePay card says Card and the card's BIN, not the customer's app", async () => {
    await admin.goto(`${medusaUrl}/app/orders/${orderId}`)
    const card = byTestId(admin, "vipps-card").first()
    await card.waitFor({ timeout: 60_000 })
    await byTestId(admin, "vipps-card").and(admin.locator('[data-state="ready"]')).first().waitFor()
    assert.equal((await byTestId(admin, "vipps-payment-method").first().textContent()).trim(), "Card")
    assert.equal(await byTestId(admin, "vipps-card-bin").first().getAttribute("data-value"), BIN)
    assert.equal((await byTestId(admin, "vipps-card-bin").first().textContent()).trim(), `Card number starts with ${BIN} (BIN)`)
    assert.equal(await byTestId(admin, "vipps-app").count(), 0, "no customer's app for a card payment")
    await card.scrollIntoViewIfNeeded()
    await card.screenshot({ path: path.join(resultsDir, "card-05-admin-order-card.png") })
  })
}
