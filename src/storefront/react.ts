import { createElement, type ButtonHTMLAttributes, type CSSProperties, type ReactElement } from "react"
import { vippsButtonSpec, type VippsButtonOptions } from "./button"
import { vippsCardButtonSpec, type VippsCardButtonOptions } from "./card-button"

export type VippsButtonProps = VippsButtonOptions & Omit<ButtonHTMLAttributes<HTMLButtonElement>, "children" | "color">

// "align-items" → "alignItems": React's style prop takes camelCase names.
const camel = (property: string) => property.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase())

/**
 * The Vipps MobilePay payment button as a React component (`medusa-payment-vipps/storefront/react`):
 * the same caption, colours and shape as createVippsButton. Everything else (onClick, disabled,
 * type, aria-busy, data-testid, style, className) goes to the <button>.
 *
 *   <VippsButton currency={cart.currency_code} onClick={pay} disabled={submitting} />
 *   <VippsButton action="express" currency={region.currency_code} onClick={buyNow} />  // "Kjøp nå med Vipps"
 */
export function VippsButton(props: VippsButtonProps): ReactElement {
  const { action, market, currency, language, brand, now, variant, shape, stretched, style, className, type, ...button } = props
  const spec = vippsButtonSpec({ action, market, currency, language, brand, now, variant, shape, stretched })
  const specStyle = Object.fromEntries(Object.entries(spec.style).map(([k, v]) => [camel(k), v])) as CSSProperties
  const [before, name, after] = spec.parts
  return createElement(
    "button",
    {
      type: type ?? "button",
      lang: spec.language,
      "aria-label": spec.text,
      "data-vipps-market": spec.market,
      "data-vipps-brand": spec.brand,
      ...button,
      className: className ? `${spec.className} ${className}` : spec.className,
      style: { ...specStyle, ...style },
    },
    // One inline caption inside the flex button, so the space before the brand name stays.
    createElement(
      "span",
      { className: "vipps-mobilepay-button__caption" },
      before,
      createElement("span", { className: "vipps-mobilepay-button__brand", style: { fontWeight: 700 } }, name),
      after || null
    )
  )
}

/** The Express ("buy now") button of the product page and the cart: `<VippsButton action="express">`. */
export function VippsExpressButton(props: Omit<VippsButtonProps, "action">): ReactElement {
  return VippsButton({ ...props, action: "express" })
}

export type VippsCardButtonProps = VippsCardButtonOptions & Omit<ButtonHTMLAttributes<HTMLButtonElement>, "children" | "color">

/**
 * The neutral "Pay by card" button of a card registration (Vipps MobilePay's card form, no
 * app): black (or `variant="light"`: white with an outline), a generic card icon, the caption in
 * the shopper's language. Start the payment with `startVippsPayment(sdk, cart, { method: "card" })`.
 *
 *   <VippsCardButton currency={cart.currency_code} onClick={payByCard} />
 */
export function VippsCardButton(props: VippsCardButtonProps): ReactElement {
  const { currency, language, brand, now, variant, shape, stretched, style, className, type, ...button } = props
  const spec = vippsCardButtonSpec({ currency, language, brand, now, variant, shape, stretched })
  const specStyle = Object.fromEntries(Object.entries(spec.style).map(([k, v]) => [camel(k), v])) as CSSProperties
  const icon = createElement(
    "svg",
    { "aria-hidden": true, focusable: false, width: 24, height: 18, viewBox: "0 0 24 18", fill: "none", stroke: "currentColor", strokeWidth: 1.6 },
    createElement("rect", { x: 1, y: 1, width: 22, height: 16, rx: 2.5 }),
    createElement("path", { d: "M1 6h22" }),
    createElement("path", { d: "M5 12.5h5", strokeLinecap: "round" })
  )
  return createElement(
    "button",
    {
      type: type ?? "button",
      lang: spec.language,
      "data-vipps-method": "card",
      ...button,
      className: className ? `${spec.className} ${className}` : spec.className,
      style: { ...specStyle, ...style },
    },
    icon,
    createElement("span", { className: "vipps-card-button__caption" }, spec.text)
  )
}
