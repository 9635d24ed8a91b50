import fs from "node:fs"
import path from "node:path"
import { createElement } from "react"
import { renderToStaticMarkup } from "react-dom/server"
import { vippsButtonHtml, vippsButtonSpec } from ".."
import { VippsButton } from "../react"

describe("the Vipps MobilePay button per market", () => {
  it.each([
    ["NO", "nok", "Betal med Vipps", "Vipps", "#FF5B24", "nb"],
    ["DK", "dkk", "Betal med MobilePay", "MobilePay", "#5A78FF", "da"],
    ["FI", "eur", "Maksa MobilePaylla", "MobilePay", "#5A78FF", "fi"],
  ] as const)("%s (%s): %s, brand %s, white on %s", (market, currency, text, brandName, background, language) => {
    const spec = vippsButtonSpec({ currency })
    expect(spec).toMatchObject({ market, text, background, color: "#FFFFFF", language })
    expect(spec.parts[1]).toBe(brandName)
    expect(vippsButtonSpec({ market }).text).toBe(text)
  })

  it("follows the guidelines: pill or rectangle, no stroke, at least 44 px, high-contrast variants only black or white", () => {
    const pill = vippsButtonSpec({ market: "NO" }).style
    expect(pill).toMatchObject({ border: "0", "border-radius": "999px", "min-height": "48px", width: "100%" })
    expect(vippsButtonSpec({ market: "NO", shape: "rectangle", stretched: false }).style).toMatchObject({ "border-radius": "8px", width: "auto" })
    expect(vippsButtonSpec({ market: "DK", variant: "dark" })).toMatchObject({ background: "#000000", color: "#FFFFFF" })
    expect(vippsButtonSpec({ market: "FI", variant: "light" })).toMatchObject({ background: "#FFFFFF", color: "#000000" })
    expect(vippsButtonSpec({ market: "DK", language: "en" }).text).toBe("Pay with MobilePay")
    expect(vippsButtonSpec({ market: "NO", language: "fi" }).text).toBe("Pay with Vipps") // no approved Finnish Vipps caption
  })

  it("refuses a currency Vipps MobilePay does not take", () => {
    expect(() => vippsButtonSpec({ currency: "sek" })).toThrow(/takes NOK, DKK and EUR; this cart is in SEK/)
  })

  it("renders as HTML with the caption as accessible name", () => {
    const html = vippsButtonHtml({ currency: "eur", type: "submit" })
    expect(html).toMatch(/^<button type="submit" class="vipps-mobilepay-button vipps-mobilepay-button--mobilepay vipps-mobilepay-button--primary" lang="fi" aria-label="Maksa MobilePaylla" data-vipps-market="FI" style="[^"]*background:#5A78FF;color:#FFFFFF/)
    expect(html.replace(/<[^>]+>/g, "")).toBe("Maksa MobilePaylla")
    // The caption is one inline span: bare text in the flex button would lose the space before the name.
    expect(html).toContain('<span class="vipps-mobilepay-button__caption">Maksa <span class="vipps-mobilepay-button__brand" style="font-weight:700">MobilePay</span>lla</span></button>')
  })
})

describe("the React VippsButton", () => {
  it("renders the market's caption and colours and passes button props through", () => {
    const html = renderToStaticMarkup(
      createElement(VippsButton, { currency: "dkk", disabled: true, "aria-busy": true, className: "w-full", ...{ "data-testid": "vipps-pay" } })
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
