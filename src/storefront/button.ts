import { marketForCurrency } from "./market"
import { kitVoice, type VippsVoiceOptions } from "./texts"
import type { VippsMarket } from "./types"
import { brandFor, buttonCaption, type ShopperLanguage, type VippsBrand } from "../shopper-texts"

/**
 * The Vipps MobilePay payment button, after the brand's button guidelines
 * (developer.vippsmobilepay.com → Design guidelines → Buttons): an approved caption in the
 * market's language ("Betal med Vipps", "Betal med MobilePay", "Maksa MobilePaylla"), white text
 * on the brand colour (Vipps orange; blue in Denmark and Finland, also after MobilePay becomes
 * Vipps there on 12 January 2027: the name changes, the colour stays) — or white/black where a high-contrast
 * (WCAG AAA) page needs it — rectangular or pill-shaped, no hover effect, no stroke, at least as
 * large as the page's other buttons. Where you can load scripts from Vipps, their official
 * `vipps-mobilepay-button` web component is the alternative; this one needs no external assets.
 * `action: "express"` is the Express button of the product page and the cart, with the Express
 * captions ("Kjøp nå med Vipps", "Køb nu med MobilePay", "Osta nyt MobilePaylla").
 */
export type VippsButtonOptions = VippsVoiceOptions & {
  /** pay (the checkout's payment button, default) or express (buy now: startVippsExpress). */
  action?: "pay" | "express"
  /** The market, or a currency code to derive it from (nok → NO, dkk → DK, eur → FI). */
  market?: VippsMarket
  currency?: string
  /** primary: brand colour; dark / light: the high-contrast variants (black / white). */
  variant?: "primary" | "dark" | "light"
  /** pill (rounded, the default) or rectangle. */
  shape?: "pill" | "rectangle"
  /** Fill the width of the container (default true: a checkout button). */
  stretched?: boolean
}

export const VIPPS_BRAND_COLOURS = Object.freeze({ vipps: "#FF5B24", mobilepay: "#5A78FF", text: "#FFFFFF" })

// The colour is the market's, not the brand's: Denmark and Finland stay blue after the change to Vipps.
const MARKET_COLOUR: Record<VippsMarket, string> = {
  NO: VIPPS_BRAND_COLOURS.vipps,
  DK: VIPPS_BRAND_COLOURS.mobilepay,
  FI: VIPPS_BRAND_COLOURS.mobilepay,
}

export type VippsButtonSpec = {
  market: VippsMarket
  action: "pay" | "express"
  /** The app's brand in this market at the moment the button was made (or as `brand` forced it). */
  brand: VippsBrand
  language: ShopperLanguage
  /** The whole caption, also the accessible name. */
  text: string
  /** The caption in three parts: before, the brand name, after. */
  parts: [string, string, string]
  background: string
  color: string
  className: string
  /** Inline styles (CSS property names) that make the button on brand without a stylesheet. */
  style: Record<string, string>
}

/** Everything a button needs, for any framework. */
export function vippsButtonSpec(options: VippsButtonOptions = {}): VippsButtonSpec {
  const market = options.market ?? (options.currency ? marketForCurrency(options.currency) : "NO")
  // Language: the option, else the market's; brand: by market and date (now), unless forced.
  const { language } = kitVoice(options, { currency: ({ NO: "nok", DK: "dkk", FI: "eur" } as const)[market] })
  const brand = brandFor(market, { setting: options.brand, now: options.now })
  const action = options.action ?? "pay"
  const { text, parts } = buttonCaption(action, { language, brand })
  const variant = options.variant ?? "primary"
  const background = variant === "dark" ? "#000000" : variant === "light" ? "#FFFFFF" : MARKET_COLOUR[market]
  const color = variant === "light" ? "#000000" : VIPPS_BRAND_COLOURS.text
  return {
    market,
    action,
    brand,
    language,
    text,
    parts,
    background,
    color,
    className: `vipps-mobilepay-button vipps-mobilepay-button--${brand} vipps-mobilepay-button--${variant}${action === "express" ? " vipps-mobilepay-button--express" : ""}`,
    style: checkoutButtonStyle(options, { background, color, border: "0" }),
  }
}

/**
 * The inline style of the kit's checkout buttons (the Vipps MobilePay button and the card
 * button): at least 48 px high, pill or rectangle, full width unless `stretched: false`.
 */
export function checkoutButtonStyle(
  options: { shape?: "pill" | "rectangle"; stretched?: boolean },
  look: { background: string; color: string; border: string; gap?: string }
): Record<string, string> {
  return {
    display: "inline-flex",
    "align-items": "center",
    "justify-content": "center",
    ...(look.gap ? { gap: look.gap } : {}),
    "box-sizing": "border-box",
    width: options.stretched === false ? "auto" : "100%",
    "min-height": "48px",
    padding: "0 24px",
    border: look.border,
    "border-radius": options.shape === "rectangle" ? "8px" : "999px",
    background: look.background,
    color: look.color,
    font: "inherit",
    "font-size": "1.1rem",
    "font-weight": "500",
    "line-height": "1",
    cursor: "pointer",
  }
}

export const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!)

/**
 * The button as HTML (for server-rendered pages). Its inline `style` attribute needs a CSP that
 * allows inline styles; under a strict CSP use createVippsButton (styles set through the DOM).
 */
export function vippsButtonHtml(options: VippsButtonOptions & { type?: "button" | "submit" } = {}): string {
  const spec = vippsButtonSpec(options)
  const style = Object.entries(spec.style).map(([k, v]) => `${k}:${v}`).join(";")
  const [before, name, after] = spec.parts.map(escapeHtml)
  const brandName = `<span class="vipps-mobilepay-button__brand" style="font-weight:700">${name}</span>`
  return (
    `<button type="${options.type ?? "button"}" class="${spec.className}" lang="${spec.language}" ` +
    `aria-label="${escapeHtml(spec.text)}" data-vipps-market="${spec.market}" data-vipps-brand="${spec.brand}" style="${style}">` +
    `<span class="vipps-mobilepay-button__caption">${before}${brandName}${after}</span></button>`
  )
}

/** The button as a DOM element (browser only). `doc` defaults to the page's document. */
export function createVippsButton(
  options: VippsButtonOptions & { type?: "button" | "submit"; doc?: Document } = {}
): HTMLButtonElement {
  const doc = options.doc ?? document
  const spec = vippsButtonSpec(options)
  const button = doc.createElement("button")
  button.type = options.type ?? "button"
  button.className = spec.className
  button.lang = spec.language
  button.dataset.vippsMarket = spec.market
  button.dataset.vippsBrand = spec.brand
  button.setAttribute("aria-label", spec.text)
  for (const [property, value] of Object.entries(spec.style)) button.style.setProperty(property, value)
  const [before, name, after] = spec.parts
  // One inline caption inside the flex button, so the space before the brand name stays.
  const caption = doc.createElement("span")
  caption.className = "vipps-mobilepay-button__caption"
  const brandName = doc.createElement("span")
  brandName.className = "vipps-mobilepay-button__brand"
  brandName.style.setProperty("font-weight", "700")
  brandName.textContent = name
  caption.append(before, brandName)
  if (after) caption.append(after)
  button.append(caption)
  return button
}
