// Browser test of the admin's "Vipps MobilePay" payments page (issue 23), run by
// checkout-and-admin.mjs after its own admin steps, in the same logged-in admin page and demo stack.
//
// A support person's day: one payment really needs attention (the Express order from the product
// page: Vipps guarantees its capture for one more day only — the sandbox's captureGuaranteedUntil —
// and "Refresh from Vipps" on the order's card reads that), and the page finds it: opened from the
// sidebar, found by its Vipps reference and by the shopper's email, listed under "Needs attention"
// with the reason's count, opened, the reason said in a plain sentence; support captures it from
// the same card, and it leaves the needs-attention list. Then a payment that never became an order
// (a rejected checkout: state filter ABORTED) opens with its cart and event log, and the filtered
// list is exported as CSV.
// Screenshots: payments-search.png, payments-needs-attention.png, payments-no-order.png (+ payments-captured.png).
import assert from "node:assert/strict"
import fs from "node:fs"
import path from "node:path"

/**
 * @param {object} t
 * @param {import("playwright-core").Page} t.admin   the logged-in admin page
 * @param {(name: string, fn: () => Promise<void>) => Promise<void>} t.step
 * @param {(page: import("playwright-core").Page, name: string, options?: object) => Promise<void>} t.shot
 * @param {string} t.medusaUrl
 * @param {string} t.sandboxUrl
 * @param {string} t.resultsDir
 * @param {string} t.orderId       an order paid with Vipps whose money is still all reserved (the Express order)
 * @param {string} t.email         its shopper's email (what support is told on the phone)
 * @param {number} t.total         its amount in NOK (major units)
 */
export async function paymentsPage({ admin, step, shot, medusaUrl, sandboxUrl, resultsDir, orderId, email, total }) {
  const byTestId = (id) => admin.locator(`[data-testid="${id}"]`)
  const list = byTestId("vipps-payments")
  const rows = byTestId("vipps-payments-row")
  const amount = `${total}.00`
  let reference

  /**
   * Waits until the rows are the server's answer to the list query with `expected` parameters
   * (name → value, null = absent), not a previous search's.
   */
  const settled = async (expected = {}) => {
    await admin.waitForFunction(
      (expected) => {
        const el = document.querySelector('[data-testid="vipps-payments"]')
        if (el?.dataset.state !== "ready" || !el.dataset.query) return false
        const query = new URLSearchParams(el.dataset.query)
        return Object.entries(expected).every(([name, value]) => query.get(name) === value)
      },
      expected,
      { timeout: 30_000 }
    )
  }
  const references = async () => rows.evaluateAll((els) => els.map((el) => el.dataset.reference))
  const search = async (text) => {
    const box = byTestId("vipps-payments-search").locator("input")
    await box.fill(text)
    await settled({ q: text.trim() || null })
  }

  // Wide enough for every column of the list in the screenshots.
  const viewport = admin.viewportSize()
  await admin.setViewportSize({ width: 1920, height: 900 })

  await step("a payment that needs attention for real: Vipps guarantees the Express order's capture for one more day only", async () => {
    await admin.goto(`${medusaUrl}/app/orders/${orderId}`)
    await byTestId("vipps-card").and(admin.locator('[data-state="ready"]')).first().waitFor({ timeout: 60_000 })
    reference = (await byTestId("vipps-reference").first().textContent()).trim()
    assert.equal(await byTestId("vipps-amount-captured").first().getAttribute("data-value"), "0.00", "nothing captured yet")
    const until = new Date(Date.now() + 24 * 60 * 60 * 1000).toISOString()
    const res = await fetch(`${sandboxUrl}/_sandbox/payments/${encodeURIComponent(reference)}/capture-guarantee`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ until }),
    })
    assert.equal(res.status, 200, `sandbox capture-guarantee: ${await res.text()}`)
    // The card reads Vipps again: the deadline is now the guarantee's, within the warning days.
    await byTestId("vipps-refresh").first().click()
    await byTestId("vipps-deadline-warning").first().waitFor({ timeout: 30_000 })
    // …and it says why: Vipps's guarantee ends before the market's capture period.
    assert.equal(await byTestId("vipps-deadline-source").first().getAttribute("data-value"), "guarantee")
    assert.equal(await byTestId("vipps-deadline-source").first().textContent(), "Vipps MobilePay's capture guarantee ends first (before the market's capture period)")
  })

  await step("the Vipps MobilePay page opens from the sidebar and lists the payments", async () => {
    await admin.goto(`${medusaUrl}/app/orders`)
    const entry = admin.getByRole("link", { name: "Vipps MobilePay", exact: true }).first()
    await entry.click()
    await admin.waitForURL((url) => url.pathname.endsWith("/app/vipps"))
    await settled()
    assert.ok((await rows.count()) >= 5, "the storefront steps' payments are listed (orders and rejected attempts)")
    assert.ok(Number(await list.getAttribute("data-count")) >= 5)
  })

  await step("search by the Vipps reference: exactly that payment, its order, masked customer, amounts", async () => {
    await search(reference)
    assert.deepEqual(await references(), [reference])
    const row = admin.locator("tr", { has: admin.locator(`[data-reference="${reference}"]`) })
    assert.match((await row.locator('[data-testid="vipps-payments-order"]').textContent()).trim(), /^#\d+$/)
    assert.equal(await row.locator('[data-testid="vipps-payments-amount"]').getAttribute("data-value"), amount)
    assert.equal(await row.locator('[data-testid="vipps-payments-captured"]').getAttribute("data-value"), "0.00")
    assert.equal(await row.locator('[data-testid="vipps-payments-state"]').getAttribute("data-value"), "AUTHORIZED")
    const customer = await row.locator('[data-testid="vipps-payments-customer"]').innerText()
    assert.ok(!customer.includes(email), `email masked in the list, got "${customer}"`)
    assert.match(customer, /@example\.no/)
    await shot(admin, "payments-search")
  })

  await step("search by the shopper's email: their payments, this one among them", async () => {
    await search(email)
    const found = await references()
    assert.ok(found.includes(reference), `${reference} in ${found.join(", ")}`)
    assert.ok(found.length >= 2, "both Express orders of this shopper")
    // Case and a prefix find the same.
    await search(email.toUpperCase().slice(0, email.indexOf("@") + 3))
    assert.ok((await references()).includes(reference), "an upper-case prefix of the email finds it too")
  })

  await step("Needs attention: the count and the reason, this payment listed", async () => {
    await search("")
    await byTestId("vipps-payments-tab-attention").click()
    await settled({ attention: "any", q: null })
    const total = Number(await byTestId("vipps-payments-tab-attention").getAttribute("data-count"))
    const soon = Number(await byTestId("vipps-payments-reason-capture_deadline_soon").getAttribute("data-count"))
    assert.ok(total >= 1 && soon >= 1, `needs attention ${total}, capture deadline close ${soon}`)
    assert.ok((await references()).includes(reference), "listed under Needs attention")
    await byTestId("vipps-payments-reason-capture_deadline_soon").click()
    await settled({ attention: "capture_deadline_soon" })
    const attention = await rows.evaluateAll((els) => els.map((el) => el.dataset.attention))
    assert.ok(attention.every((a) => a.split(",").includes("capture_deadline_soon")), `only that reason: ${attention.join(" | ")}`)
    assert.ok((await references()).includes(reference))
    await shot(admin, "payments-needs-attention")
  })

  await step("open it: why it needs attention in a plain sentence, and the order's card", async () => {
    await admin.locator(`[data-testid="vipps-payments-row"][data-reference="${reference}"]`).click()
    await admin.waitForURL((url) => url.pathname.endsWith(`/app/vipps/${reference}`))
    const attempt = byTestId("vipps-attempt")
    await attempt.and(admin.locator('[data-state="ready"]')).waitFor()
    const reason = admin.locator('[data-testid="vipps-attempt-reason"][data-value="capture_deadline_soon"]')
    await reason.waitFor()
    assert.match(await reason.innerText(), /capture deadline is close/)
    await byTestId("vipps-card").and(admin.locator('[data-state="ready"]')).waitFor({ timeout: 60_000 })
    assert.equal((await byTestId("vipps-reference").textContent()).trim(), reference)
    await byTestId("vipps-deadline-warning").waitFor()
    assert.ok((await byTestId("vipps-event-row").count()) >= 2, "the card's event log")
  })

  await step(`act on it: capture ${amount} from the card; it leaves Needs attention`, async () => {
    await byTestId("vipps-capture-amount").fill(amount)
    await byTestId("vipps-capture-submit").click()
    await byTestId("vipps-confirm").click()
    await admin.waitForFunction((v) => document.querySelector('[data-testid="vipps-amount-captured"]')?.dataset.value === v, amount, { timeout: 60_000 })
    assert.equal(await byTestId("vipps-deadline-warning").count(), 0, "nothing left to capture: no deadline warning")
    // The attempt reloads (the card's action refreshes the payments page's data): no reason left.
    await admin.waitForFunction(() => document.querySelector('[data-testid="vipps-attempt"]')?.dataset.attention === "", null, { timeout: 30_000 })
    const res = await fetch(`${sandboxUrl}/_sandbox/payments/${encodeURIComponent(reference)}`)
    assert.equal((await res.json()).aggregate.capturedAmount.value, total * 100, "captured at Vipps")
    await shot(admin, "payments-captured")
    await byTestId("vipps-attempt-back").click()
    await settled({ attention: "capture_deadline_soon" })
    assert.ok(!(await references()).includes(reference), "no longer needs attention")
  })

  await step("a payment that never became an order (state filter ABORTED): its cart and event log, nothing to release", async () => {
    await admin.goto(`${medusaUrl}/app/vipps?state=ABORTED`)
    await settled({ state: "ABORTED" })
    const aborted = await references()
    assert.ok(aborted.length >= 1, "the rejected checkouts are listed")
    const states = await byTestId("vipps-payments-state").evaluateAll((els) => els.map((el) => el.dataset.value))
    assert.deepEqual([...new Set(states)], ["ABORTED"])
    assert.equal(await admin.locator('[data-testid="vipps-payments-no-order"]').count(), aborted.length, "none has an order")
    await rows.first().click()
    await byTestId("vipps-attempt-without-payment").waitFor()
    await byTestId("vipps-attempt-no-order").waitFor()
    assert.match(await byTestId("vipps-attempt-cart-id").getAttribute("data-value"), /^cart_/)
    assert.ok((await byTestId("vipps-event-row").count()) >= 1, "the event log")
    assert.ok(await byTestId("vipps-attempt-release").isDisabled(), "an aborted payment has nothing to release")
    await shot(admin, "payments-no-order", { fullPage: true })
  })

  await step("Export CSV: the filtered list, every row, masked", async () => {
    await admin.goto(`${medusaUrl}/app/vipps?state=ABORTED`)
    await settled({ state: "ABORTED" })
    const shown = await references()
    const [download] = await Promise.all([admin.waitForEvent("download"), byTestId("vipps-payments-export").click()])
    assert.match(download.suggestedFilename(), /^vipps-payments-\d{4}-\d{2}-\d{2}\.csv$/)
    const file = path.join(resultsDir, "payments-export.csv")
    await download.saveAs(file)
    const lines = fs.readFileSync(file, "utf8").trim().split(/\r?\n/)
    assert.equal(lines.length - 1, shown.length, "one line per filtered payment plus the header")
    for (const ref of shown) assert.ok(lines.some((l) => l.includes(ref)), `${ref} in the CSV`)
    assert.ok(!lines.some((l) => l.includes(email)), "no unmasked email")
  })
  await admin.setViewportSize(viewport)
}
