// Shared helpers of the demo storefront: Store API calls, money, the cart id, the Vipps button.
import { config } from "/config.js"

export { config }

const CART_KEY = "vipps-demo-cart-id"

/** Calls the Medusa Store API; throws an Error with Medusa's message on a non-2xx answer. */
export async function api(method, path, body) {
  if (!config.publishableKey) throw new Error("The storefront has no publishable API key yet (is the demo store seeded?).")
  let res
  try {
    res = await fetch(`${config.medusaUrl}${path}`, {
      method,
      headers: { "content-type": "application/json", "x-publishable-api-key": config.publishableKey },
      body: body ? JSON.stringify(body) : undefined,
    })
  } catch {
    throw new Error(`The store at ${config.medusaUrl} does not answer. Is Medusa running (and does STORE_CORS allow ${location.origin})?`)
  }
  const text = await res.text()
  let json = {}
  try {
    json = text ? JSON.parse(text) : {}
  } catch {
    json = { message: text }
  }
  if (!res.ok) {
    const error = new Error(json.message || `${method} ${path} failed with HTTP ${res.status}`)
    error.status = res.status
    throw error
  }
  return json
}

export function money(amount, currency) {
  if (amount == null || !currency) return ""
  return new Intl.NumberFormat("nb-NO", { style: "currency", currency: currency.toUpperCase() }).format(Number(amount))
}

export const cartId = {
  get: () => localStorage.getItem(CART_KEY),
  set: (id) => localStorage.setItem(CART_KEY, id),
  clear: () => localStorage.removeItem(CART_KEY),
}

let regionPromise
/** The region the shop sells in (config.region, "Norge" by default). */
export function region() {
  regionPromise ??= api("GET", "/store/regions").then(({ regions }) => {
    const found = regions.find((r) => r.name.toLowerCase() === config.region.toLowerCase())
    if (!found) throw new Error(`The store has no region "${config.region}" (has: ${regions.map((r) => r.name).join(", ") || "none"}).`)
    return found
  })
  return regionPromise
}

/** The open cart of this browser, or null (none yet, completed, or deleted). */
export async function currentCart() {
  const id = cartId.get()
  if (!id) return null
  try {
    const { cart } = await api("GET", `/store/carts/${id}`)
    if (cart.completed_at) {
      cartId.clear()
      return null
    }
    return cart
  } catch (error) {
    if (error.status === 404) {
      cartId.clear()
      return null
    }
    throw error
  }
}

/** Vipps (Norway) or MobilePay (Denmark, Finland), after the provider id. */
export function brand(providerId) {
  return providerId && providerId.includes("mobilepay") ? "MobilePay" : "Vipps"
}

/**
 * The payment button, after the Vipps MobilePay brand guidelines: the brand's primary colour
 * (Vipps orange / MobilePay blue) with white text, rounded ("oval") corners, the approved caption
 * "Betal med <brand>" with the brand name written as the wordmark (no external assets here),
 * full width in the checkout, a visible keyboard focus and an accessible name.
 */
export function vippsButton(providerId) {
  const name = brand(providerId)
  const button = document.createElement("button")
  button.type = "submit"
  button.className = `vipps-button vipps-button--${name.toLowerCase()}`
  button.dataset.testid = "vipps-pay"
  button.setAttribute("aria-label", `Betal med ${name}`)
  button.innerHTML = `<span class="vipps-button__verb">Betal med</span> <span class="vipps-button__wordmark">${name}</span>`
  return button
}

export function showError(element, error) {
  element.hidden = false
  element.textContent = error instanceof Error ? error.message : String(error)
}

export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag)
  for (const [key, value] of Object.entries(attrs)) {
    if (key === "testid") node.dataset.testid = value
    else if (key === "class") node.className = value
    else node.setAttribute(key, value)
  }
  for (const child of children) node.append(child)
  return node
}
