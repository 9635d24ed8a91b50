// Browser test of the go-live check's evidence for Vipps MobilePay's checklist form (issue 22,
// item 6), run by checkout-and-admin.mjs on the settings page, in the same logged-in admin page
// and demo stack: run the check with a test user's number, see the examples' age ("fresh"), press
// "Download evidence for Vipps" and read the file the browser saved.
// Screenshot: 13-admin-go-live-evidence.png; the downloaded file: vipps-go-live-evidence.md.
import assert from "node:assert/strict"
import fs from "node:fs"
import path from "node:path"

/**
 * @param {object} t
 * @param {import("playwright-core").Page} t.admin   the logged-in admin page, on /app/settings/vipps
 * @param {(name: string, fn: () => Promise<void>) => Promise<void>} t.step
 * @param {(page: import("playwright-core").Page, name: string, options?: object) => Promise<void>} t.shot
 * @param {string} t.resultsDir
 */
export async function goLiveEvidence({ admin, step, shot, resultsDir }) {
  const id = "pp_vipps_vipps"
  const byTestId = (testId) => admin.locator(`[data-testid="${testId}"]`)

  await step("settings page: the go-live check passes, and its evidence for Vipps downloads with fresh, redacted request examples", async () => {
    await byTestId(`vipps-go-live-phone-${id}`).fill("4791234567")
    await byTestId(`vipps-go-live-run-${id}`).click()
    await admin.locator(`[data-testid="vipps-go-live-result-${id}"][data-value="passed"]`).waitFor({ timeout: 120_000 })
    const age = admin.locator(`[data-testid="vipps-go-live-evidence-age-${id}"][data-value="fresh"]`)
    await age.waitFor({ timeout: 30_000 })
    assert.match(await age.innerText(), /^Request examples from .+: send them to Vipps MobilePay before .+\.$/)

    const [download] = await Promise.all([admin.waitForEvent("download", { timeout: 30_000 }), byTestId(`vipps-go-live-evidence-download-${id}`).click()])
    assert.match(download.suggestedFilename(), new RegExp(`^vipps-go-live-evidence-${id}-\\d{4}-\\d{2}-\\d{2}\\.md$`))
    const file = path.join(resultsDir, "vipps-go-live-evidence.md")
    await download.saveAs(file)
    const text = fs.readFileSync(file, "utf8")
    assert.ok(text.startsWith(`# Vipps MobilePay checklist answers: ${id}\n`), text.slice(0, 200))
    assert.match(text, /send them to Vipps MobilePay before/)
    for (const heading of ["## References used", "## Checklist", "## Request examples", "## Video checklist"]) assert.ok(text.includes(heading), heading)
    assert.match(text, /### \d+\. Create payment — /)
    assert.match(text, /Authorization: Bearer <redacted>/)
    assert.ok(!text.includes("4791234567"), "no full phone number")

    await byTestId(`vipps-go-live-evidence-${id}`).scrollIntoViewIfNeeded()
    await shot(admin, "13-admin-go-live-evidence")
  })
}
