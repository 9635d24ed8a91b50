// "/" — the products of the shop's region with their prices, and the cart. Each product and the
// cart have the Express button ("Kjøp nå med Vipps"): the plugin's storefront kit (/kit.js)
// starts Vipps MobilePay Express (startVippsExpress), the shopper shares address and picks
// shipping in the app, and comes back to the same receipt page as after the checkout.
import { createVippsButton, startVippsExpress } from "/kit.js"
import { api, cartId, currentCart, el, language, money, region, sdk, showError } from "/store.js"

const $ = (id) => document.querySelector(`[data-testid="${id}"]`)

let shownCart = null

/** Express: a full-page redirect to the Vipps MobilePay landing page (the app on a phone). */
async function buyNow(button, target) {
  button.disabled = true
  button.setAttribute("aria-busy", "true")
  $("error").hidden = true
  try {
    const { redirect_url } = await startVippsExpress(sdk, target, { language, currency: (await region()).currency_code })
    location.assign(redirect_url)
  } catch (error) {
    showError($("error"), error)
    button.disabled = false
    button.removeAttribute("aria-busy")
  }
}

function expressButton(currency, testid, target) {
  const button = createVippsButton({ action: "express", currency, language })
  button.dataset.testid = testid
  button.addEventListener("click", () => buyNow(button, target()))
  return button
}

function renderCart(cart) {
  shownCart = cart
  const count = cart ? cart.items.reduce((n, item) => n + item.quantity, 0) : 0
  $("cart-count").textContent = String(count)
  $("cart-summary").hidden = !count
  if (!count) return
  if (!$("express-cart")) $("cart-express").append(expressButton(cart.currency_code, "express-cart", () => ({ cartId: shownCart.id })))
  $("cart-lines").replaceChildren(
    ...cart.items.map((item) =>
      el("li", { testid: "cart-line" }, `${item.quantity} × ${item.product_title ?? item.title}`, el("span", {}, money(item.total ?? item.unit_price * item.quantity, cart.currency_code)))
    )
  )
  $("cart-total").textContent = money(cart.item_total, cart.currency_code)
}

async function addToCart(button, variantId) {
  button.disabled = true
  $("error").hidden = true
  try {
    const cart = await currentCart()
    let result
    if (cart) {
      result = await api("POST", `/store/carts/${cart.id}/line-items`, { variant_id: variantId, quantity: 1 })
    } else {
      const { id } = await region()
      result = await api("POST", "/store/carts", { region_id: id, items: [{ variant_id: variantId, quantity: 1 }] })
      cartId.set(result.cart.id)
    }
    renderCart(result.cart)
    button.textContent = "Lagt i handlekurven ✓"
    setTimeout(() => (button.textContent = "Legg i handlekurven"), 1500)
  } catch (error) {
    showError($("error"), error)
  } finally {
    button.disabled = false
  }
}

async function main() {
  try {
    const { id: regionId, currency_code } = await region()
    const [{ products }, cart] = await Promise.all([
      api("GET", `/store/products?region_id=${regionId}&fields=*variants.calculated_price&order=created_at`),
      currentCart(),
    ])
    const list = $("products")
    list.replaceChildren(
      ...products.map((product) => {
        const variant = product.variants?.[0]
        const price = variant?.calculated_price
        const button = el("button", { type: "button", class: "add", testid: "add-to-cart" }, "Legg i handlekurven")
        button.addEventListener("click", () => addToCart(button, variant.id))
        const express = expressButton(currency_code, "express-buy", () => ({ variantId: variant.id, quantity: 1, regionId }))
        if (!variant || !price) button.disabled = express.disabled = true
        return el(
          "li",
          { class: "product", testid: "product", "data-handle": product.handle },
          el("h2", { testid: "product-title" }, product.title),
          el("p", { class: "muted" }, product.description ?? ""),
          el("p", { class: "price", testid: "product-price" }, price ? money(price.calculated_amount, price.currency_code ?? currency_code) : "Ikke til salgs"),
          button,
          el("div", { class: "express" }, express)
        )
      })
    )
    if (!products.length) list.replaceChildren(el("li", { class: "muted" }, "No products in this region (was the seed run?)."))
    list.setAttribute("aria-busy", "false")
    renderCart(cart)
  } catch (error) {
    $("products").replaceChildren()
    showError($("error"), error)
  }
}

main()
