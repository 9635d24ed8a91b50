// Shared helpers of the demo storefront: Store API calls, money, the cart id, and the js-sdk
// client the Vipps MobilePay steps use through the plugin's storefront kit (/kit.js).
import { config } from "/config.js"
import { Medusa } from "/kit.js"

export { config }

/** The js-sdk client the storefront kit takes (what `sdk` is in a Next.js storefront). */
export const sdk = new Medusa({ baseUrl: config.medusaUrl, publishableKey: config.publishableKey || undefined })

const CART_KEY = "vipps-demo-cart-id"
const LANGUAGE_KEY = "vipps-demo-language"
const REGION_KEY = "vipps-demo-region"

// The shopper's language and the market (region), chosen with the switch in the header or as
// ?lang=da&market=Danmark (kept in this browser). The Vipps MobilePay texts and buttons come in
// that language from the plugin's catalogue; the shop's own page chrome stays Norwegian.
export const LANGUAGES = { en: "English", nb: "Norsk", da: "Dansk", fi: "Suomi", sv: "Svenska" }
const query = new URLSearchParams(location.search)
if (LANGUAGES[query.get("lang")]) localStorage.setItem(LANGUAGE_KEY, query.get("lang"))
if (query.get("market")) localStorage.setItem(REGION_KEY, query.get("market"))
export const language = localStorage.getItem(LANGUAGE_KEY) || "nb"
const regionName = localStorage.getItem(REGION_KEY) || config.region
document.documentElement.lang = language

function addLanguageSwitch() {
  const header = document.querySelector(".site-header")
  if (!header) return
  const select = el("select", { testid: "language-switch", "aria-label": "Language / Språk" },
    ...Object.entries(LANGUAGES).map(([code, name]) => el("option", { value: code }, name)))
  select.value = language
  select.addEventListener("change", () => {
    localStorage.setItem(LANGUAGE_KEY, select.value)
    const url = new URL(location.href)
    url.searchParams.delete("lang")
    location.replace(url)
  })
  header.append(select)
}

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
/** The region the shop sells in (?market=, else config.region, "Norge" by default). */
export function region() {
  regionPromise ??= api("GET", "/store/regions").then(({ regions }) => {
    const found = regions.find((r) => r.name.toLowerCase() === regionName.toLowerCase())
    if (!found) throw new Error(`The store has no region "${regionName}" (has: ${regions.map((r) => r.name).join(", ") || "none"}).`)
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
    // A cart of another market (the switch changed it) is not this shop's cart any more.
    if (cart.completed_at || cart.region_id !== (await region()).id) {
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

addLanguageSwitch()
