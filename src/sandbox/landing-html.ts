// HTML building blocks of the sandbox's landing page (landing.ts, landing-express.ts).
import type { ApiResponse } from "./types"

export const esc = (s: string) => s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] as string)

export function formatAmount(value: number, currency: string) {
  const locale = currency === "NOK" ? "nb-NO" : currency === "DKK" ? "da-DK" : "fi-FI"
  try {
    return new Intl.NumberFormat(locale, { style: "currency", currency }).format(value / 100)
  } catch {
    return `${(value / 100).toFixed(2)} ${currency}`
  }
}

export function page(title: string, inner: string, status = 200): ApiResponse {
  const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)}</title>
<style>
 body{font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;background:#f4f2f7;margin:0;display:flex;min-height:100vh;align-items:center;justify-content:center;color:#1a1a1a}
 .card{background:#fff;border-radius:16px;box-shadow:0 4px 24px rgba(0,0,0,.08);padding:32px;max-width:420px;width:100%}
 .badge{display:inline-block;font-size:12px;background:#ffe9dc;color:#a33d00;border-radius:8px;padding:2px 8px;margin-bottom:12px}
 h1{font-size:20px;margin:0 0 4px}.amount{font-size:32px;font-weight:700;margin:16px 0 4px}.muted{color:#666;font-size:14px}
 form{display:inline}.row{display:flex;gap:12px;margin-top:24px}
 button{flex:1;font-size:16px;border:0;border-radius:10px;padding:12px 18px;cursor:pointer}
 .approve{background:#ff5b24;color:#fff}.reject{background:#e8e6ec;color:#333}
 fieldset{border:1px solid #e8e6ec;border-radius:10px;margin:16px 0 0;padding:8px 12px}legend{font-size:14px;font-weight:600}
 label.choice{display:flex;gap:8px;align-items:flex-start;padding:6px 0;font-size:14px;cursor:pointer}
 label.field{display:flex;flex-direction:column;gap:4px;font-size:14px;flex:1;margin:8px 0}label.field input{font-size:16px;padding:10px;border:1px solid #ccc;border-radius:8px;width:100%;box-sizing:border-box}#card-form fieldset{min-width:0}
 #test-cards ul{padding-left:18px;margin:4px 0}h2{font-size:18px;margin:16px 0 4px}
 .error{background:#fdecea;color:#8a1c12;border-radius:8px;padding:8px 12px;font-size:14px}
</style></head><body><main class="card"><span class="badge">Vipps MobilePay sandbox</span>${inner}</main></body></html>`
  return { status, contentType: "text/html; charset=utf-8", body: html }
}
