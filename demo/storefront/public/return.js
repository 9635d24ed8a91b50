// "/vipps/return?reference=…&token=…" — where Vipps MobilePay sends the shopper back.
// Uses nothing but the URL: the return may open in another browser than the checkout (no cart
// id, no cookies). GET /store/vipps/payments/:reference?token=… says what happened and places
// the order once the payment is authorized; the order itself is then read by its id.
// The return itself is never proof of payment: only that route's answer is.
import { api, cartId, el, money } from "/store.js"

const $ = (id) => document.querySelector(`[data-testid="${id}"]`)
const POLL_MS = 2000
const GIVE_UP_MS = 10 * 60 * 1000

const params = new URLSearchParams(location.search)
const reference = params.get("reference")
const token = params.get("token")
const started = Date.now()

function show(status, title, text) {
  $("receipt").dataset.status = status
  $("receipt-title").textContent = title
  $("receipt-status").textContent = text ?? ""
}

function fail(status, title, message, retry) {
  show(status, title, "")
  $("receipt-message").hidden = false
  $("receipt-message").textContent = message
  $(retry ? "receipt-retry" : "receipt-continue").hidden = false
}

async function showOrder(orderId, payment) {
  const { order } = await api("GET", `/store/orders/${encodeURIComponent(orderId)}?fields=*items,+shipping_total,+total,+email,+display_id`)
  const currency = order.currency_code
  show("completed", "Takk for bestillingen!", "Betalingen er godkjent i Vipps MobilePay. Du får en bekreftelse på e-post.")
  $("receipt-display-id").textContent = `#${order.display_id}`
  $("receipt-order-id").textContent = order.id
  $("receipt-email").textContent = order.email ?? ""
  $("receipt-reference").textContent = payment.reference
  $("receipt-items").replaceChildren(
    ...(order.items ?? []).map((item) =>
      el("li", { testid: "receipt-item" }, `${item.quantity} × ${item.product_title ?? item.title}`, el("span", {}, money(item.total ?? item.unit_price * item.quantity, currency)))
    )
  )
  $("receipt-shipping-total").textContent = money(order.shipping_total, currency)
  $("receipt-total").textContent = money(order.total, currency)
  $("receipt-total").dataset.value = String(order.total)
  $("receipt-total").dataset.currency = currency
  $("receipt-order").hidden = false
  $("receipt-continue").hidden = false
  // This browser's cart (if it is this one) has become the order.
  if (payment.cart_id && cartId.get() === payment.cart_id) cartId.clear()
}

async function poll() {
  let payment
  try {
    payment = await api("GET", `/store/vipps/payments/${encodeURIComponent(reference)}?token=${encodeURIComponent(token)}`)
  } catch (error) {
    if (error.status === 404) return fail("not_found", "Fant ikke betalingen", error.message, false)
    if (Date.now() - started > GIVE_UP_MS) return fail("error", "Noe gikk galt", error.message, false)
    show("retry_later", "Sjekker betalingen…", "Får ikke kontakt med butikken akkurat nå, prøver igjen…")
    return setTimeout(poll, POLL_MS)
  }
  switch (payment.status) {
    case "completed":
      try {
        return await showOrder(payment.order_id, payment)
      } catch (error) {
        return fail("error", "Betalingen er godkjent", `Ordren ${payment.order_id} er opprettet, men kunne ikke vises: ${error.message}`, false)
      }
    case "failed":
      return fail("failed", "Betalingen ble ikke gjennomført", payment.message ?? "The payment did not go through. Nothing was charged.", true)
    case "completion_failed":
      return fail("completion_failed", "Ordren kunne ikke fullføres", payment.message ?? "The order could not be placed; the reservation was released.", false)
    default: // pending, retry_later
      if (Date.now() - started > GIVE_UP_MS) {
        return fail("pending", "Venter fortsatt på Vipps MobilePay", "Betalingen er ikke bekreftet ennå. Last inn siden på nytt om litt.", false)
      }
      show(payment.status, "Sjekker betalingen…", payment.status === "pending" ? "Venter på godkjenning i Vipps MobilePay…" : "Vipps MobilePay er opptatt, prøver igjen…")
      setTimeout(poll, POLL_MS)
  }
}

if (!reference || !token) {
  fail("invalid", "Ugyldig lenke", "This link is missing the payment reference or token.", false)
} else {
  poll()
}
