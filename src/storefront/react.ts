import { createElement, type ButtonHTMLAttributes, type CSSProperties, type ReactElement } from "react"
import { vippsButtonSpec, type VippsButtonOptions } from "./button"

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
