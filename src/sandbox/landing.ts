// The "landing page" a redirectUrl points to: stands in for the Vipps MobilePay app/landing
// page so a shopper (or a browser-driven test) can approve or reject the payment. Express
// payments first ask which test profile to share and which shipping option to take
// (landing-express.ts); the dynamic options come from the merchant's callback (express.ts).
import type { SandboxContext } from "./context"
import { ApiError } from "./errors"
import { approveAsShopper, defaultProfile, isExpress, offeredGroups, parseProfile, ShippingRefusal, type ProfileId } from "./express"
import { errorNotice, profileStep, shippingStep } from "./landing-express"
import { cardFormStep, cardStep, isCardPayment, postCard } from "./landing-card"
import { esc, formatAmount, page } from "./landing-html"
import type { Payment } from "./state"
import type { ApiResponse } from "./types"

function merchantName(ctx: SandboxContext, p: Payment) {
  return ctx.merchants.find((m) => m.msn === p.msn)?.name ?? `Merchant ${p.msn}`
}

/** The page for a payment; `step` replaces the Approve/Reject row while an Express payment is CREATED. */
function paymentPage(ctx: SandboxContext, p: Payment, notice = "", step?: string, status = 200): ApiResponse {
  const head = `<h1>${esc(merchantName(ctx, p))}</h1><div class="amount" id="amount">${esc(formatAmount(p.amount.value, p.amount.currency))}</div>
<div class="muted" id="description">${esc(p.paymentDescription ?? "")}</div><div class="muted">Reference ${esc(p.reference)}</div>`
  if (p.state !== "CREATED") return page("Payment", `${head}${notice}<p id="state">This payment is <strong>${esc(p.state)}</strong>.</p>`, status)
  if (isExpress(p)) return page(`Pay ${merchantName(ctx, p)}`, `${head}${step ?? profileStep(p, undefined, notice)}`, status)
  // CARD: the card form (or its 3-D Secure step) instead of the app screen.
  if (isCardPayment(p)) return page(`Pay ${merchantName(ctx, p)}`, `${head}${notice}${step ?? cardStep(p)}`, status)
  const t = esc(p.redirectToken)
  return page(
    `Pay ${merchantName(ctx, p)}`,
    `${head}${notice}<div class="row"><form method="post" action="/landing/reject"><input type="hidden" name="token" value="${t}"><button class="reject" id="reject">Reject</button></form>
<form method="post" action="/landing/approve"><input type="hidden" name="token" value="${t}"><button class="approve" id="approve">Approve</button></form></div>`,
    status
  )
}

/** Form fields from the query, a urlencoded form or a JSON body. */
function fieldsFrom(query: URLSearchParams, rawBody: string): (name: string) => string {
  let body: Record<string, unknown> = {}
  if (rawBody.trim().startsWith("{")) {
    try {
      body = JSON.parse(rawBody) ?? {}
    } catch {
      body = {}
    }
  } else body = Object.fromEntries(new URLSearchParams(rawBody))
  return (name) => query.get(name) || String(body[name] ?? "")
}

export async function handleLanding(ctx: SandboxContext, method: string, path: string, query: URLSearchParams, rawBody: string): Promise<ApiResponse> {
  const field = fieldsFrom(query, rawBody)
  const token = field("token")
  const p = token ? ctx.payments.findByToken(token) : undefined
  if (!p) return page("Not found", `<h1>Unknown or expired payment link</h1>`, 404)
  if (method === "GET" && (path === "/landing" || path === "/landing/done")) return paymentPage(ctx, p)
  let profile: ProfileId | undefined
  try {
    profile = parseProfile(field("profile"))
  } catch (e) {
    if (!(e instanceof ApiError)) throw e
    return paymentPage(ctx, p, errorNotice(e.detail), undefined, 400)
  }
  if (method === "POST" && path === "/landing/shipping" && isExpress(p) && p.state === "CREATED") {
    // Step 2: the options for the shared address (dynamic: the merchant's callback answers them).
    const chosen = profile ?? defaultProfile(p)
    try {
      return paymentPage(ctx, p, "", shippingStep(p, chosen, await offeredGroups(ctx, p, chosen, false), ""))
    } catch (e) {
      if (!(e instanceof ShippingRefusal)) throw e
      return paymentPage(ctx, p, "", profileStep(p, chosen, errorNotice(e.message)), e.status)
    }
  }
  if (method === "POST" && (path === "/landing/card" || path === "/landing/card/3ds") && isCardPayment(p) && p.state === "CREATED") {
    const result = postCard(ctx, p, path, field)
    if (result.kind === "page") return paymentPage(ctx, p, "", result.step, result.status)
    return backToShop(p)
  }
  if (method === "POST" && path === "/landing/approve" && isCardPayment(p) && p.state === "CREATED") {
    // A card payment is paid on the card form, not approved in the app.
    return paymentPage(ctx, p, "", cardFormStep(p, {}, "Pay with the card form"), 400)
  }
  if (method === "POST" && (path === "/landing/approve" || path === "/landing/reject")) {
    try {
      if (path === "/landing/reject") ctx.payments.reject(p)
      else {
        // The test app's magic amounts (NOTES §9): a declined card keeps the shopper here.
        const outcome = await approveAsShopper(ctx, p, { profile, shippingOptionId: field("shippingOptionId") || undefined }, true)
        if (outcome.kind === "declined") return paymentPage(ctx, p, `<p id="declined">Payment failed: ${esc(outcome.reason)}. Try again or reject.</p>`)
        if (outcome.kind === "processing") return paymentPage(ctx, p, `<p id="processing">Your payment is being processed.</p>`)
      }
    } catch (e) {
      if (e instanceof ShippingRefusal) return paymentPage(ctx, p, "", profileStep(p, profile, errorNotice(e.message)), e.status)
      if (!(e instanceof ApiError)) throw e
      return paymentPage(ctx, p, "", undefined, 409)
    }
    return backToShop(p)
  }
  return page("Not found", `<h1>Not found</h1>`, 404)
}

/** Like the app: send the user back to the merchant's returnUrl (best effort), else a done page. */
function backToShop(p: Payment): ApiResponse {
  const location = p.returnUrl ?? `/landing/done?token=${encodeURIComponent(p.redirectToken)}`
  return { status: 303, headers: { Location: location }, contentType: "text/plain; charset=utf-8", body: `Redirecting to ${location}` }
}
