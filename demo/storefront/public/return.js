// "/vipps/return?reference=…&token=…" — where Vipps MobilePay sends the shopper back.
// Uses nothing but the URL: the return may open in another browser than the checkout (no cart
// id, no cookies). The plugin's storefront kit (/kit.js) polls GET /store/vipps/payments/:reference
// ?token=… the way Vipps asks (first after 5 s, then every 2 s, slower on 429, gives up after
// 10 minutes); that route places the order once the payment is authorized, and the order itself
// is then read by its id. The return itself is never proof of payment: only that route's answer is.
import { vippsReturnParams, waitForVippsPayment } from "/kit.js"
import { api, cartId, el, money, sdk } from "/store.js"

const $ = (id) => document.querySelector(`[data-testid="${id}"]`)

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

/** While the kit polls: what the last read said. */
function showProgress(check) {
  if (check.kind === "answer" && check.payment.status === "pending") {
    show("pending", "Sjekker betalingen…", "Venter på godkjenning i Vipps MobilePay…")
  } else if (check.kind === "throttled" || (check.kind === "answer" && check.payment.status === "retry_later")) {
    show("retry_later", "Sjekker betalingen…", "Vipps MobilePay er opptatt, prøver igjen…")
  } else if (check.kind === "unavailable") {
    show("retry_later", "Sjekker betalingen…", "Får ikke kontakt med butikken akkurat nå, prøver igjen…")
  }
}

async function main(params) {
  const result = await waitForVippsPayment(sdk, params, { onCheck: showProgress })
  switch (result.outcome) {
    case "completed":
      try {
        return await showOrder(result.order_id, result.payment)
      } catch (error) {
        return fail("error", "Betalingen er godkjent", `Ordren ${result.order_id} er opprettet, men kunne ikke vises: ${error.message}`, false)
      }
    case "failed":
      return fail("failed", "Betalingen ble ikke gjennomført", result.message ?? "The payment did not go through. Nothing was charged.", true)
    case "completion_failed":
      return fail("completion_failed", "Ordren kunne ikke fullføres", result.message ?? "The order could not be placed; the reservation was released.", false)
    case "invalid":
      return fail("not_found", "Fant ikke betalingen", result.message, false)
    case "gave_up":
      return fail("pending", "Venter fortsatt på Vipps MobilePay", result.message, false)
    default: // authorized without a cart (not a checkout), aborted
      return fail("error", "Noe gikk galt", result.message ?? "The payment has no order to show.", false)
  }
}

const params = vippsReturnParams(location.search)
if (!params) {
  fail("invalid", "Ugyldig lenke", "This link is missing the payment reference or token.", false)
} else {
  main(params)
}
