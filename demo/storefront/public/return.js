// "/vipps/return?reference=…&token=…" — where Vipps MobilePay sends the shopper back.
// Uses nothing but the URL: the return may open in another browser than the checkout (no cart
// id, no cookies). The plugin's storefront kit (/kit.js) polls GET /store/vipps/payments/:reference
// ?token=… the way Vipps asks (first after 5 s, then every 2 s, slower on 429, gives up after
// 10 minutes); that route places the order once the payment is authorized, and the order itself
// is then read by its id. The return itself is never proof of payment: only that route's answer is.
// The messages about the payment come from the plugin's catalogue in the shopper's language
// (`language`), naming the app of the market on this day (MobilePay becomes Vipps in Denmark and
// Finland on 12 January 2027); this page's own headings are the small table below.
import { vippsBrandFor, vippsReturnParams, vippsText, waitForVippsPayment } from "/kit.js"
import { api, cartId, el, language, money, sdk } from "/store.js"

const $ = (id) => document.querySelector(`[data-testid="${id}"]`)

const HEADINGS = {
  en: { completed: "Thank you for your order!", approved: (app) => `The payment is approved in ${app}. You will get a confirmation by email.`, failed: "The payment did not go through", completion_failed: "The order could not be completed", authorized: "The payment is approved", invalid: "Payment not found", gave_up: "Still waiting for the payment", error: "Something went wrong", badLink: "This link is missing the payment reference or token.", shown: (id) => `Order ${id} is placed but could not be shown`, order: "Order number", email: "Email", reference: "Reference", shipping: "Shipping", total: "Total", retry: "Back to the checkout", continue: "Back to the shop" },
  nb: { completed: "Takk for bestillingen!", approved: (app) => `Betalingen er godkjent i ${app}. Du får en bekreftelse på e-post.`, failed: "Betalingen ble ikke gjennomført", completion_failed: "Ordren kunne ikke fullføres", authorized: "Betalingen er godkjent", invalid: "Fant ikke betalingen", gave_up: "Venter fortsatt på betalingen", error: "Noe gikk galt", badLink: "Lenken mangler betalingsreferansen eller nøkkelen.", shown: (id) => `Ordren ${id} er opprettet, men kunne ikke vises`, order: "Ordrenummer", email: "E-post", reference: "Referanse", shipping: "Frakt", total: "Totalt", retry: "Tilbake til kassen", continue: "Tilbake til butikken" },
  da: { completed: "Tak for din ordre!", approved: (app) => `Betalingen er godkendt i ${app}. Du får en bekræftelse på e-mail.`, failed: "Betalingen blev ikke gennemført", completion_failed: "Ordren kunne ikke gennemføres", authorized: "Betalingen er godkendt", invalid: "Betalingen blev ikke fundet", gave_up: "Venter stadig på betalingen", error: "Noget gik galt", badLink: "Linket mangler betalingsreferencen eller nøglen.", shown: (id) => `Ordre ${id} er oprettet, men kunne ikke vises`, order: "Ordrenummer", email: "E-mail", reference: "Reference", shipping: "Fragt", total: "I alt", retry: "Tilbage til kassen", continue: "Tilbage til butikken" },
  fi: { completed: "Kiitos tilauksestasi!", approved: (app) => `Maksu on hyväksytty ${app}-sovelluksessa. Saat vahvistuksen sähköpostiisi.`, failed: "Maksu ei onnistunut", completion_failed: "Tilausta ei voitu viimeistellä", authorized: "Maksu on hyväksytty", invalid: "Maksua ei löytynyt", gave_up: "Odotetaan yhä maksua", error: "Jokin meni vikaan", badLink: "Linkistä puuttuu maksun viite tai avain.", shown: (id) => `Tilaus ${id} on tehty, mutta sitä ei voitu näyttää`, order: "Tilausnumero", email: "Sähköposti", reference: "Viite", shipping: "Toimitus", total: "Yhteensä", retry: "Takaisin kassalle", continue: "Takaisin kauppaan" },
  sv: { completed: "Tack för din beställning!", approved: (app) => `Betalningen är godkänd i ${app}. Du får en bekräftelse via e-post.`, failed: "Betalningen gick inte igenom", completion_failed: "Beställningen kunde inte slutföras", authorized: "Betalningen är godkänd", invalid: "Betalningen hittades inte", gave_up: "Väntar fortfarande på betalningen", error: "Något gick fel", badLink: "Länken saknar betalningsreferensen eller nyckeln.", shown: (id) => `Beställning ${id} är lagd men kunde inte visas`, order: "Ordernummer", email: "E-post", reference: "Referens", shipping: "Frakt", total: "Totalt", retry: "Tillbaka till kassan", continue: "Tillbaka till butiken" },
}
const t = HEADINGS[language] ?? HEADINGS.en
const MARKETS = { nok: "NO", dkk: "DK", eur: "FI" }
const appOf = (currency) => (vippsBrandFor(MARKETS[String(currency).toLowerCase()]) === "mobilepay" ? "MobilePay" : "Vipps")

function translateChrome() {
  for (const [id, key] of [["receipt-retry", "retry"], ["receipt-continue", "continue"]]) $(id).textContent = t[key]
  const labels = document.querySelectorAll(".facts dt, .totals dt")
  const keys = ["order", "order", "email", "reference", "shipping", "total"]
  labels.forEach((dt, i) => { if (keys[i] && i !== 1) dt.textContent = t[keys[i]] })
  $("receipt-title").textContent = vippsText("status_checking", { language })
  $("receipt-status").textContent = ""
}

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
  show("completed", t.completed, t.approved(appOf(currency)))
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

/** While the kit polls: what the last read said, in the shopper's language. */
function showProgress(check) {
  const currency = check.kind === "answer" ? check.payment.currency : undefined
  const checking = vippsText("status_checking", { language })
  if (check.kind === "answer" && check.payment.status === "pending") {
    show("pending", checking, vippsText("status_waiting", { language, currency }))
  } else if (check.kind === "throttled" || (check.kind === "answer" && check.payment.status === "retry_later")) {
    show("retry_later", checking, vippsText("status_busy", { language, currency }))
  } else if (check.kind === "unavailable") {
    show("retry_later", checking, "…")
  }
}

async function main(params) {
  const result = await waitForVippsPayment(sdk, params, { onCheck: showProgress, language })
  $("receipt").dataset.code = result.code ?? ""
  switch (result.outcome) {
    case "completed":
      try {
        return await showOrder(result.order_id, result.payment)
      } catch (error) {
        return fail("error", t.shown(result.order_id), error.message, false)
      }
    case "failed":
      return fail("failed", t.failed, result.message, true)
    case "completion_failed":
      return fail("completion_failed", t.completion_failed, result.message, false)
    case "authorized": // paid (reserved); the order is on its way
      return fail("authorized", t.authorized, result.message, false)
    case "invalid":
      return fail("not_found", t.invalid, result.message, false)
    case "gave_up":
      return fail("pending", t.gave_up, result.message, false)
    default: // aborted
      return fail("error", t.error, result.message ?? "", false)
  }
}

translateChrome()
const params = vippsReturnParams(location.search)
if (!params) {
  fail("invalid", t.error, t.badLink, false)
} else {
  main(params)
}
