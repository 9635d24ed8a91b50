import fs from "node:fs"
import path from "node:path"
import { createElement } from "react"
import { renderToStaticMarkup } from "react-dom/server"
import { vippsButtonHtml, vippsButtonSpec } from ".."
import { VippsButton } from "../react"

const now = new Date("2026-12-06T12:00:00Z") // before MobilePay becomes Vipps in Denmark and Finland

describe("the Vipps MobilePay button per market", () => {
  it.each([
    ["NO", "nok", "Betal med Vipps", "Vipps", "#FF5B24", "nb"],
    ["DK", "dkk", "Betal med MobilePay", "MobilePay", "#5A78FF", "da"],
    ["FI", "eur", "Maksa MobilePaylla", "MobilePay", "#5A78FF", "fi"],
  ] as const)("%s (%s): %s, brand %s, white on %s", (market, currency, text, brandName, background, language) => {
    const spec = vippsButtonSpec({ currency, now })
    expect(spec).toMatchObject({ market, text, background, color: "#FFFFFF", language })
    expect(spec.parts[1]).toBe(brandName)
    expect(vippsButtonSpec({ market, now }).text).toBe(text)
  })

  it("follows the guidelines: pill or rectangle, no stroke, at least 44 px, high-contrast variants only black or white", () => {
    const pill = vippsButtonSpec({ market: "NO" }).style
    expect(pill).toMatchObject({ border: "0", "border-radius": "999px", "min-height": "48px", width: "100%" })
    expect(vippsButtonSpec({ market: "NO", shape: "rectangle", stretched: false }).style).toMatchObject({ "border-radius": "8px", width: "auto" })
    expect(vippsButtonSpec({ market: "DK", variant: "dark" })).toMatchObject({ background: "#000000", color: "#FFFFFF" })
    expect(vippsButtonSpec({ market: "FI", variant: "light" })).toMatchObject({ background: "#FFFFFF", color: "#000000" })
    expect(vippsButtonSpec({ market: "DK", language: "en", now }).text).toBe("Pay with MobilePay")
    expect(vippsButtonSpec({ market: "NO", language: "fi" }).text).toBe("Maksa Vippsillä") // adessive, front vowels
    expect(vippsButtonSpec({ market: "NO", language: "sv-SE" })).toMatchObject({ text: "Betala med Vipps", language: "sv" })
  })

  it("refuses a currency Vipps MobilePay does not take", () => {
    expect(() => vippsButtonSpec({ currency: "sek" })).toThrow(expect.objectContaining({ code: "unsupported_currency", detail: expect.stringMatching(/takes NOK, DKK and EUR; this cart is in SEK/) }))
  })

  it("renders as HTML with the caption as accessible name", () => {
    const html = vippsButtonHtml({ currency: "eur", type: "submit", now })
    expect(html).toMatch(/^<button type="submit" class="vipps-mobilepay-button vipps-mobilepay-button--mobilepay vipps-mobilepay-button--primary" lang="fi" aria-label="Maksa MobilePaylla" data-vipps-market="FI" data-vipps-brand="mobilepay" style="[^"]*background:#5A78FF;color:#FFFFFF/)
    expect(html.replace(/<[^>]+>/g, "")).toBe("Maksa MobilePaylla")
    // The caption is one inline span: bare text in the flex button would lose the space before the name.
    expect(html).toContain('<span class="vipps-mobilepay-button__caption">Maksa <span class="vipps-mobilepay-button__brand" style="font-weight:700">MobilePay</span>lla</span></button>')
  })
})

describe("the button on the day MobilePay becomes Vipps (12 January 2027, local midnight)", () => {
  const at = (iso: string) => new Date(iso)
  it.each([
    // Denmark: Europe/Copenhagen is UTC+1 in January.
    ["dkk", "2027-01-11T22:59:59Z", "Betal med MobilePay", "mobilepay"],
    ["dkk", "2027-01-11T23:00:00Z", "Betal med Vipps", "vipps"],
    // Finland: Europe/Helsinki is UTC+2 in January.
    ["eur", "2027-01-11T21:59:59Z", "Maksa MobilePaylla", "mobilepay"],
    ["eur", "2027-01-11T22:00:00Z", "Maksa Vippsillä", "vipps"],
    ["nok", "2026-01-01T00:00:00Z", "Betal med Vipps", "vipps"],
  ] as const)("%s at %s: %s", (currency, iso, text, brand) => {
    const spec = vippsButtonSpec({ currency, now: at(iso) })
    expect(spec).toMatchObject({ text, brand })
    expect(spec.parts[1]).toBe(brand === "vipps" ? "Vipps" : "MobilePay")
  })

  it("keeps MobilePay blue in Denmark and Finland after the change; Norway stays orange", () => {
    const after = at("2027-02-01T12:00:00Z")
    expect(vippsButtonSpec({ currency: "dkk", now: after }).background).toBe("#5A78FF")
    expect(vippsButtonSpec({ currency: "eur", now: after }).background).toBe("#5A78FF")
    expect(vippsButtonSpec({ currency: "nok", now: after }).background).toBe("#FF5B24")
  })

  it("lets an option force either brand on any date", () => {
    expect(vippsButtonSpec({ currency: "dkk", brand: "vipps", now: at("2026-06-01T00:00:00Z") }).text).toBe("Betal med Vipps")
    expect(vippsButtonSpec({ currency: "eur", brand: "mobilepay", now: at("2027-06-01T00:00:00Z") }).text).toBe("Maksa MobilePaylla")
    expect(vippsButtonHtml({ currency: "dkk", brand: "vipps", now: at("2026-06-01T00:00:00Z") })).toContain('data-vipps-brand="vipps"')
  })
})

describe("the React VippsButton", () => {
  it("renders the market's caption and colours and passes button props through", () => {
    const html = renderToStaticMarkup(
      createElement(VippsButton, { currency: "dkk", now, disabled: true, "aria-busy": true, className: "w-full", ...{ "data-testid": "vipps-pay" } })
    )
    expect(html).toContain('type="button"')
    expect(html).toContain('aria-label="Betal med MobilePay"')
    expect(html).toContain('data-testid="vipps-pay"')
    expect(html).toContain('disabled=""')
    expect(html).toContain('class="vipps-mobilepay-button vipps-mobilepay-button--mobilepay vipps-mobilepay-button--primary w-full"')
    expect(html).toMatch(/style="[^"]*border-radius:999px;[^"]*background:#5A78FF;color:#FFFFFF/)
    expect(html.replace(/<[^>]+>/g, "")).toBe("Betal med MobilePay")
  })

  it("lets the page override the style (e.g. a fixed width) but keeps the brand caption", () => {
    const html = renderToStaticMarkup(createElement(VippsButton, { market: "NO", type: "submit", style: { width: "320px" } }))
    expect(html).toContain('type="submit"')
    expect(html).toContain("width:320px")
    expect(html).toContain('<span class="vipps-mobilepay-button__brand" style="font-weight:700">Vipps</span>')
  })
})

describe("the storefront kit is browser code", () => {
  const dir = path.join(__dirname, "..")
  const sources = fs.readdirSync(dir).filter((f) => /\.tsx?$/.test(f))
  const bareImports = (file: string) =>
    [...fs.readFileSync(path.join(dir, file), "utf8").matchAll(/(?:from|import)\s*\(?\s*["']([^"']+)["']/g)]
      .map((m) => m[1])
      .filter((spec) => !spec.startsWith("."))

  it("imports no package and no Node built-in, except React in the React entry", () => {
    expect(sources).toEqual(expect.arrayContaining(["index.ts", "react.ts", "start-payment.ts", "return-status.ts", "button.ts"]))
    for (const file of sources) expect([file, bareImports(file)]).toEqual([file, file === "react.ts" ? ["react"] : []])
  })
})
