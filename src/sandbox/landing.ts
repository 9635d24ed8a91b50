// The "landing page" a redirectUrl points to: stands in for the Vipps MobilePay app/landing
// page so a shopper (or a browser-driven test) can approve or reject the payment.
import type { SandboxContext } from "./context"
import { ApiError } from "./errors"
import type { Payment } from "./state"
import type { ApiResponse } from "./types"

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] as string)

export function formatAmount(value: number, currency: string) {
  const locale = currency === "NOK" ? "nb-NO" : currency === "DKK" ? "da-DK" : "fi-FI"
  try {
    return new Intl.NumberFormat(locale, { style: "currency", currency }).format(value / 100)
  } catch {
    return `${(value / 100).toFixed(2)} ${currency}`
  }
}

function page(title: string, inner: string): ApiResponse {
  const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)}</title>
<style>
 body{font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;background:#f4f2f7;margin:0;display:flex;min-height:100vh;align-items:center;justify-content:center;color:#1a1a1a}
 .card{background:#fff;border-radius:16px;box-shadow:0 4px 24px rgba(0,0,0,.08);padding:32px;max-width:380px;width:100%}
 .badge{display:inline-block;font-size:12px;background:#ffe9dc;color:#a33d00;border-radius:8px;padding:2px 8px;margin-bottom:12px}
 h1{font-size:20px;margin:0 0 4px}.amount{font-size:32px;font-weight:700;margin:16px 0 4px}.muted{color:#666;font-size:14px}
 form{display:inline}.row{display:flex;gap:12px;margin-top:24px}
 button{flex:1;font-size:16px;border:0;border-radius:10px;padding:12px 18px;cursor:pointer}
 .approve{background:#ff5b24;color:#fff}.reject{background:#e8e6ec;color:#333}
</style></head><body><main class="card"><span class="badge">Vipps MobilePay sandbox</span>${inner}</main></body></html>`
  return { status: 200, contentType: "text/html; charset=utf-8", body: html }
}

function merchantName(ctx: SandboxContext, p: Payment) {
  return ctx.merchants.find((m) => m.msn === p.msn)?.name ?? `Merchant ${p.msn}`
}

function paymentPage(ctx: SandboxContext, p: Payment, notice = ""): ApiResponse {
  const head = `<h1>${esc(merchantName(ctx, p))}</h1><div class="amount" id="amount">${esc(formatAmount(p.amount.value, p.amount.currency))}</div>
<div class="muted" id="description">${esc(p.paymentDescription ?? "")}</div><div class="muted">Reference ${esc(p.reference)}</div>${notice}`
  if (p.state !== "CREATED") return page("Payment", `${head}<p id="state">This payment is <strong>${esc(p.state)}</strong>.</p>`)
  const t = esc(p.redirectToken)
  return page(
    `Pay ${merchantName(ctx, p)}`,
    `${head}<div class="row"><form method="post" action="/landing/reject"><input type="hidden" name="token" value="${t}"><button class="reject" id="reject">Reject</button></form>
<form method="post" action="/landing/approve"><input type="hidden" name="token" value="${t}"><button class="approve" id="approve">Approve</button></form></div>`
  )
}

function tokenFrom(query: URLSearchParams, rawBody: string): string {
  const q = query.get("token")
  if (q) return q
  if (rawBody.trim().startsWith("{")) {
    try {
      return String(JSON.parse(rawBody).token ?? "")
    } catch {
      return ""
    }
  }
  return new URLSearchParams(rawBody).get("token") ?? ""
}

export function handleLanding(ctx: SandboxContext, method: string, path: string, query: URLSearchParams, rawBody: string): ApiResponse {
  const token = tokenFrom(query, rawBody)
  const p = token ? ctx.payments.findByToken(token) : undefined
  if (!p) return { ...page("Not found", `<h1>Unknown or expired payment link</h1>`), status: 404 }
  if (method === "GET" && (path === "/landing" || path === "/landing/done")) return paymentPage(ctx, p)
  if (method === "POST" && (path === "/landing/approve" || path === "/landing/reject")) {
    try {
      if (path === "/landing/reject") ctx.payments.reject(p)
      else {
        // The test app's magic amounts (NOTES §9): a declined card keeps the shopper here.
        const outcome = ctx.payments.approveAsShopper(p)
        if (outcome.kind === "declined") return paymentPage(ctx, p, `<p id="declined">Payment failed: ${esc(outcome.reason)}. Try again or reject.</p>`)
        if (outcome.kind === "processing") return paymentPage(ctx, p, `<p id="processing">Your payment is being processed.</p>`)
      }
    } catch (e) {
      if (!(e instanceof ApiError)) throw e
      return { ...paymentPage(ctx, p), status: 409 }
    }
    // Like the app: send the user back to the merchant's returnUrl (best effort), else a done page.
    const location = p.returnUrl ?? `/landing/done?token=${encodeURIComponent(p.redirectToken)}`
    return { status: 303, headers: { Location: location }, contentType: "text/plain; charset=utf-8", body: `Redirecting to ${location}` }
  }
  return { ...page("Not found", `<h1>Not found</h1>`), status: 404 }
}
