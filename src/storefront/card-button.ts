import { checkoutButtonStyle, escapeHtml } from "./button"
import { kitVoice, type VippsVoiceOptions } from "./texts"
import { shopperText, type ShopperLanguage } from "../shopper-texts"

/**
 * The "Pay by card" button for a card registration (`paymentMethod: "card"`, Vipps MobilePay's
 * card form without the app). Vipps's design guidelines keep the brand colours and the app's
 * name for the app's own button, so this one is neutral: black with white text ("dark", the
 * default) or white with black text and a thin outline ("light"), a generic card icon, and
 * "Pay by card" in the shopper's language (en, nb, da, fi, sv). Same shape and size as the Vipps
 * MobilePay button, so the two sit together at checkout; start it with
 * `startVippsPayment(sdk, cart, { method: "card" })`.
 */
export type VippsCardButtonOptions = VippsVoiceOptions & {
  /** The cart's currency, for the language when `language` is not given (nok → nb, dkk → da, eur → fi). */
  currency?: string
  /** dark (black, default) or light (white with an outline). */
  variant?: "dark" | "light"
  /** pill (rounded, the default) or rectangle. */
  shape?: "pill" | "rectangle"
  /** Fill the width of the container (default true: a checkout button). */
  stretched?: boolean
}

export type VippsCardButtonSpec = {
  language: ShopperLanguage
  /** The caption, also the accessible name: "Pay by card", "Betal med kort", … */
  text: string
  background: string
  color: string
  className: string
  /** Inline styles (CSS property names). */
  style: Record<string, string>
  /** The generic card icon (inline SVG, decorative: aria-hidden), drawn in the text colour. */
  icon: string
}

/** A generic payment card: no scheme's logo (the card form takes every card Vipps MobilePay takes). */
export const CARD_ICON_SVG =
  '<svg aria-hidden="true" focusable="false" width="24" height="18" viewBox="0 0 24 18" fill="none" stroke="currentColor" stroke-width="1.6">' +
  '<rect x="1" y="1" width="22" height="16" rx="2.5"/><path d="M1 6h22"/><path d="M5 12.5h5" stroke-linecap="round"/></svg>'

/** Everything the card button needs, for any framework. */
export function vippsCardButtonSpec(options: VippsCardButtonOptions = {}): VippsCardButtonSpec {
  const voice = kitVoice(options, { currency: options.currency ?? "nok" })
  const text = shopperText("button_pay_card", voice)
  const variant = options.variant ?? "dark"
  const background = variant === "light" ? "#FFFFFF" : "#000000"
  const color = variant === "light" ? "#000000" : "#FFFFFF"
  return {
    language: voice.language,
    text,
    background,
    color,
    className: `vipps-card-button vipps-card-button--${variant}`,
    icon: CARD_ICON_SVG,
    // White on a white page needs an edge to be seen; black needs none.
    style: checkoutButtonStyle(options, { background, color, border: variant === "light" ? "1px solid #000000" : "0", gap: "10px" }),
  }
}

/** The card button as HTML (for server-rendered pages; its inline style needs a CSP that allows inline styles). */
export function vippsCardButtonHtml(options: VippsCardButtonOptions & { type?: "button" | "submit" } = {}): string {
  const spec = vippsCardButtonSpec(options)
  const style = Object.entries(spec.style).map(([k, v]) => `${k}:${v}`).join(";")
  return (
    `<button type="${options.type ?? "button"}" class="${spec.className}" lang="${spec.language}" data-vipps-method="card" style="${style}">` +
    `${spec.icon}<span class="vipps-card-button__caption">${escapeHtml(spec.text)}</span></button>`
  )
}

/** The card button as a DOM element (browser only). `doc` defaults to the page's document. */
export function createVippsCardButton(options: VippsCardButtonOptions & { type?: "button" | "submit"; doc?: Document } = {}): HTMLButtonElement {
  const doc = options.doc ?? document
  const spec = vippsCardButtonSpec(options)
  const button = doc.createElement("button")
  button.type = options.type ?? "button"
  button.className = spec.className
  button.lang = spec.language
  button.dataset.vippsMethod = "card"
  for (const [property, value] of Object.entries(spec.style)) button.style.setProperty(property, value)
  // The icon is a fixed string of this module (no input in it).
  const icon = doc.createElement("span")
  icon.setAttribute("aria-hidden", "true")
  icon.style.setProperty("display", "inline-flex")
  icon.innerHTML = spec.icon
  const caption = doc.createElement("span")
  caption.className = "vipps-card-button__caption"
  caption.textContent = spec.text
  button.append(icon, caption)
  return button
}
