#!/usr/bin/env node
// A storefront checkout through the Medusa Store API, for the demo store (npm run demo):
// cart with a "Ullgenser", shipping address + "Standard" shipping, a payment collection and a
// Vipps MobilePay payment session. Prints the redirect_url, i.e. the sandbox landing page where
// the "customer" approves or rejects the payment.
//
//   node demo/checkout.mjs [--region Norge|Danmark|Suomi] [--approve]
//   node demo/checkout.mjs --complete <cart_id>
//
//   --approve         approve at once through the sandbox control API, then complete the cart
//   --complete <id>   complete a cart after approving on the landing page yourself
//   --url URL         Medusa (default http://localhost:$DEMO_PORT or :9000)
//   --key pk_...      publishable API key (default: .demo/publishable-key, written by the seed)
import fs from "node:fs"

const argv = process.argv.slice(2)
const flag = (name) => argv.includes(name)
const option = (name, fallback) => {
  const i = argv.indexOf(name)
  return i >= 0 && argv[i + 1] ? argv[i + 1] : fallback
}

const medusa = option("--url", `http://localhost:${process.env.DEMO_PORT || 9000}`).replace(/\/$/, "")
const sandbox = (process.env.VIPPS_ENVIRONMENT || "http://127.0.0.1:4545").replace(/\/$/, "")
const regionName = option("--region", "Norge")
let key = option("--key", process.env.PUBLISHABLE_KEY)
if (!key) {
  try {
    key = fs.readFileSync(`${process.env.DEMO_DATA_DIR || ".demo"}/publishable-key`, "utf8").trim()
  } catch {
    console.error("No publishable key: pass --key pk_... (the demo banner shows it)")
    process.exit(2)
  }
}

const ADDRESSES = {
  no: { first_name: "Kari", last_name: "Nordmann", address_1: "Karl Johans gate 1", city: "Oslo", postal_code: "0154", phone: "+4791234567" },
  dk: { first_name: "Mette", last_name: "Hansen", address_1: "Strøget 1", city: "København", postal_code: "1160", phone: "+4512345678" },
  fi: { first_name: "Matti", last_name: "Meikäläinen", address_1: "Mannerheimintie 1", city: "Helsinki", postal_code: "00100", phone: "+358401234567" },
}

async function api(method, path, body) {
  const res = await fetch(`${medusa}${path}`, {
    method,
    headers: { "content-type": "application/json", "x-publishable-api-key": key },
    body: body ? JSON.stringify(body) : undefined,
  })
  const text = await res.text()
  let json
  try {
    json = JSON.parse(text)
  } catch {
    json = { raw: text }
  }
  if (!res.ok) throw new Error(`${method} ${path} -> ${res.status}: ${text}`)
  return json
}

async function complete(cartId) {
  const result = await api("POST", `/store/carts/${cartId}/complete`)
  if (result.type !== "order") {
    console.log(`Cart not completed: ${result.error?.message ?? JSON.stringify(result)}`)
    process.exitCode = 1
    return
  }
  const o = result.order
  console.log(`Order #${o.display_id} (${o.id}): ${o.total} ${o.currency_code.toUpperCase()}, payment status ${o.payment_status ?? "n/a"}`)
}

async function main() {
  if (flag("--complete")) return complete(option("--complete"))

  const { regions } = await api("GET", "/store/regions")
  const region = regions.find((r) => r.name.toLowerCase() === regionName.toLowerCase())
  if (!region) throw new Error(`No region "${regionName}" (have: ${regions.map((r) => r.name).join(", ")})`)
  const country = region.countries[0].iso_2

  const { payment_providers } = await api("GET", `/store/payment-providers?region_id=${region.id}`)
  const provider = payment_providers.find((p) => p.id.startsWith("pp_vipps_"))
  if (!provider) throw new Error(`Region ${region.name} has no Vipps MobilePay payment provider`)

  const { products } = await api("GET", `/store/products?handle=ullgenser&region_id=${region.id}&fields=*variants.calculated_price`)
  const variant = products[0]?.variants?.[0]
  if (!variant) throw new Error('Product "ullgenser" not found: was the seed run?')

  let { cart } = await api("POST", "/store/carts", {
    region_id: region.id,
    email: "kunde@vipps.test",
    items: [{ variant_id: variant.id, quantity: 1 }],
  })
  const address = { ...ADDRESSES[country], country_code: country }
  ;({ cart } = await api("POST", `/store/carts/${cart.id}`, { shipping_address: address, billing_address: address }))

  const { shipping_options } = await api("GET", `/store/shipping-options?cart_id=${cart.id}`)
  const standard = shipping_options.find((o) => o.name === "Standard") ?? shipping_options[0]
  if (!standard) throw new Error("No shipping option for this cart")
  ;({ cart } = await api("POST", `/store/carts/${cart.id}/shipping-methods`, { option_id: standard.id }))

  const { payment_collection } = await api("POST", "/store/payment-collections", { cart_id: cart.id })
  const { payment_collection: withSession } = await api("POST", `/store/payment-collections/${payment_collection.id}/payment-sessions`, {
    provider_id: provider.id,
  })
  const session = withSession.payment_sessions.find((s) => s.provider_id === provider.id)

  console.log(`Region:       ${region.name} (${region.currency_code.toUpperCase()}), provider ${provider.id}`)
  console.log(`Cart:         ${cart.id}, total ${cart.total} ${cart.currency_code.toUpperCase()} (item ${cart.item_total}, shipping ${cart.shipping_total})`)
  console.log(`Session:      ${session.id}, status ${session.status}, amount ${session.amount}`)
  console.log(`Reference:    ${session.data.reference} (MSN ${session.data.msn})`)
  console.log(`Redirect URL: ${session.data.redirect_url}`)

  if (flag("--approve")) {
    const res = await fetch(`${sandbox}/_sandbox/payments/${encodeURIComponent(session.data.reference)}/approve`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ msn: session.data.msn }),
    })
    if (!res.ok) throw new Error(`sandbox approve -> ${res.status}: ${await res.text()}`)
    console.log("Approved in the sandbox; completing the cart...")
    await complete(cart.id)
  } else {
    console.log(`\nOpen the redirect URL, approve, then: node demo/checkout.mjs --complete ${cart.id}`)
  }
}

main().catch((error) => {
  console.error(error.message)
  process.exit(1)
})
