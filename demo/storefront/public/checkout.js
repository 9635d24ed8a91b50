// "/checkout" — contact details and address (prefilled for the demo), shipping chosen
// automatically, then "Betal med Vipps". The Vipps MobilePay part is the plugin's storefront kit
// (/kit.js): the button for the cart's market, startVippsPayment (a payment session with the
// region's Vipps MobilePay provider) and a full-page redirect to its redirect_url. Where the region
// also offers a card registration (docs/card-payments.md), "Betal med kort" sits below it.
import { chooseVippsProvider, createVippsButton, createVippsCardButton, startVippsPayment, vippsPaymentChoices } from "/kit.js"
import { api, currentCart, el, language, money, region, sdk, showError } from "/store.js"

const $ = (id) => document.querySelector(`[data-testid="${id}"]`)

// Demo customer per country (the form can be edited before paying).
const CUSTOMERS = {
  no: { email: "kari.nordmann@vipps.test", first_name: "Kari", last_name: "Nordmann", address_1: "Karl Johans gate 1", postal_code: "0154", city: "Oslo", phone: "+4791234567" },
  dk: { email: "mette.hansen@vipps.test", first_name: "Mette", last_name: "Hansen", address_1: "Strøget 1", postal_code: "1160", city: "København", phone: "+4512345678" },
  fi: { email: "matti.meikalainen@vipps.test", first_name: "Matti", last_name: "Meikäläinen", address_1: "Mannerheimintie 1", postal_code: "00100", city: "Helsinki", phone: "+358401234567" },
}
const ADDRESS_FIELDS = ["first_name", "last_name", "address_1", "postal_code", "city", "phone"]

let cart
let country
let shippingName

function formValues(form) {
  const data = Object.fromEntries(new FormData(form).entries())
  const address = { country_code: country }
  for (const field of ADDRESS_FIELDS) if (data[field]) address[field] = String(data[field]).trim()
  return { email: String(data.email ?? "").trim(), address }
}

/** Contact + address on the cart, then the shipping option ("Standard" if there is one). */
async function prepareCart({ email, address }) {
  ;({ cart } = await api("POST", `/store/carts/${cart.id}`, { email, shipping_address: address, billing_address: address }))
  const { shipping_options } = await api("GET", `/store/shipping-options?cart_id=${cart.id}`)
  let option = shipping_options.find((o) => o.id === cart.shipping_methods?.[0]?.shipping_option_id)
  if (!option) {
    option = shipping_options.find((o) => o.name === "Standard") ?? shipping_options[0]
    if (!option) throw new Error("No shipping option delivers to this address.")
    ;({ cart } = await api("POST", `/store/carts/${cart.id}/shipping-methods`, { option_id: option.id }))
  }
  shippingName = option.name
  render()
}

function render() {
  const currency = cart.currency_code
  $("checkout-lines").replaceChildren(
    ...cart.items.map((item) =>
      el("li", { testid: "checkout-line" }, `${item.quantity} × ${item.product_title ?? item.title}`, el("span", {}, money(item.total ?? item.unit_price * item.quantity, currency)))
    )
  )
  $("checkout-items-total").textContent = money(cart.item_total, currency)
  $("checkout-shipping-total").textContent = money(cart.shipping_total, currency)
  $("checkout-tax-total").textContent = money(cart.tax_total, currency)
  $("checkout-total").textContent = money(cart.total, currency)
  $("shipping-option").textContent = shippingName ?? "velges automatisk"
}

/** `method` "card": the region's card provider (Vipps MobilePay's card form), else the app. */
async function pay(event, form, button, method) {
  event.preventDefault()
  $("error").hidden = true
  if (!form.reportValidity()) return
  button.disabled = true
  button.setAttribute("aria-busy", "true")
  try {
    await prepareCart(formValues(form))
    // The payment speaks the shopper's language (the description in the app, its messages).
    const { redirect_url } = await startVippsPayment(sdk, cart, { language, method })
    // A full-page redirect (never an iframe): the landing page, or the app on a phone.
    location.assign(redirect_url)
  } catch (error) {
    showError($("error"), error)
    button.disabled = false
    button.removeAttribute("aria-busy")
  }
}

async function main() {
  try {
    const [currentRegion, open] = await Promise.all([region(), currentCart()])
    if (!open || !open.items?.length) {
      $("empty").hidden = false
      return
    }
    cart = open
    country = currentRegion.countries?.[0]?.iso_2 ?? "no"
    $("country").textContent = currentRegion.countries?.[0]?.display_name ?? country.toUpperCase()

    // Says at once when the region cannot take Vipps MobilePay (startVippsPayment checks again).
    const { payment_providers } = await api("GET", `/store/payment-providers?region_id=${cart.region_id}`)
    const providerIds = payment_providers.map((p) => p.id)
    chooseVippsProvider(providerIds, cart.currency_code)

    const form = $("checkout-form")
    const customer = CUSTOMERS[country] ?? CUSTOMERS.no
    const address = cart.shipping_address ?? {}
    form.elements.email.value = cart.email ?? customer.email
    for (const field of ADDRESS_FIELDS) form.elements[field].value = address[field] ?? customer[field]

    // The caption and brand are made now: MobilePay in Denmark and Finland until 12 January 2027, Vipps from then.
    const button = createVippsButton({ currency: cart.currency_code, type: "submit", language })
    button.dataset.testid = "vipps-pay"
    button.disabled = true
    $("pay").append(button)
    form.addEventListener("submit", (event) => pay(event, form, button))
    // Card, when the region offers a card registration: the kit's neutral button, never the app's.
    const cardButton = vippsPaymentChoices(providerIds).card ? createVippsCardButton({ currency: cart.currency_code, language }) : undefined
    if (cardButton) {
      cardButton.dataset.testid = "vipps-card-pay"
      cardButton.disabled = true
      $("pay").append(cardButton)
      cardButton.addEventListener("click", (event) => pay(event, form, cardButton, "card"))
    }
    form.hidden = false
    render()
    // Address and shipping right away, so the total shown is what Vipps will ask for.
    await prepareCart(formValues(form))
    button.disabled = false
    if (cardButton) cardButton.disabled = false
  } catch (error) {
    showError($("error"), error)
  }
}

main()
