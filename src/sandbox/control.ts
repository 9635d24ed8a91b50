// Test control API under /_sandbox (no auth, not recorded in the request log).
// It plays the shopper (approve/reject/expire), the business portal (capture/refund/cancel)
// and the test harness (reset, faults, webhook delivery mode, request log).
import type { SandboxContext } from "./context"
import { applyModification } from "./epayment"
import { httpError, toResponseAsync, validationError } from "./errors"
import { approveAsShopper, parseProfile, ShippingRefusal } from "./express"
import { approveCardAsShopper } from "./card-control"
import { isCardPayment } from "./landing-card"
import { internalView, type Payment } from "./state"
import type { ApiResponse } from "./types"

const json = (body: unknown, status = 200): ApiResponse => ({ status, contentType: "application/json", body })

function findOne(ctx: SandboxContext, reference: string, msn: unknown): Payment {
  if (typeof msn === "string" && msn) {
    const p = ctx.payments.find(msn, reference)
    if (!p) throw httpError(404, `Payment ${reference} not found for MSN ${msn}.`)
    return p
  }
  const all = ctx.payments.findAll(reference)
  if (all.length === 0) throw httpError(404, `Payment ${reference} not found.`)
  if (all.length > 1) throw httpError(409, `Reference ${reference} exists for several MSNs; pass msn.`)
  return all[0]
}

/**
 * GET /_sandbox/clock → {now, offset_ms}; POST {advance_ms} | {now: date-time} moves it forward
 * (payments past their time expire at once); DELETE (or POST /_sandbox/reset) → wall-clock time.
 */
function clockControl(ctx: SandboxContext, method: string, body: Record<string, unknown>): ApiResponse {
  if (method === "GET") return json(ctx.clock.view())
  if (method === "DELETE") {
    ctx.clock.reset()
    return json(ctx.clock.view())
  }
  if (method !== "POST") throw httpError(405, "Use GET, POST or DELETE.")
  try {
    if (body.advance_ms !== undefined) ctx.clock.advance(body.advance_ms as number)
    else if (typeof body.now === "string" && !Number.isNaN(Date.parse(body.now))) ctx.clock.set(Date.parse(body.now))
    else throw new RangeError("Send {advance_ms: <ms>} or {now: <date-time>}.")
  } catch (e) {
    if (e instanceof RangeError) throw validationError([{ name: body.advance_ms !== undefined ? "advance_ms" : "now", reason: e.message }])
    throw e
  }
  return json(ctx.clock.view())
}

/**
 * What the customer's bank does to the next captures: {code: "6260"} it released the reservation
 * (every capture fails, final; HTTP 400 unless `status`), {code: "6280", count?} the next `count`
 * (default 1) captures fail for now (HTTP 500 unless `status`), nothing captured.
 * Vipps does not document the HTTP status of either code; 400 and 500 are our guess (both are
 * statuses the spec lets capture answer: 400 declared, 500 the documented server error).
 */
function setCaptureError(p: Payment, body: Record<string, unknown>) {
  const { code, count, status } = body
  if (code !== "6260" && code !== "6280") throw validationError([{ name: "code", reason: "code must be '6260' or '6280'." }])
  if (count !== undefined && (!Number.isInteger(count) || (count as number) < 1)) throw validationError([{ name: "count", reason: "count must be a positive integer." }])
  if (status !== undefined && (!Number.isInteger(status) || (status as number) < 400 || (status as number) > 599)) throw validationError([{ name: "status", reason: "status must be 400..599." }])
  if (code === "6260") p.fundsReleased = { status: (status as number | undefined) ?? 400 }
  else p.captureFailures = { remaining: (count as number | undefined) ?? 1, status: (status as number | undefined) ?? 500 }
}

/** {until: date-time} sets the payment's captureGuaranteedUntil (GET, authorized webhook); {until: null} removes it. */
function setCaptureGuarantee(p: Payment, body: Record<string, unknown>) {
  const until = body.until
  if (until === null) p.captureGuaranteedUntil = undefined
  else if (typeof until === "string" && !Number.isNaN(Date.parse(until))) p.captureGuaranteedUntil = Date.parse(until)
  else throw validationError([{ name: "until", reason: "until must be a date-time or null." }])
}

export function handleControl(ctx: SandboxContext, method: string, path: string, query: URLSearchParams, body: unknown, resetAll: () => void): Promise<ApiResponse> {
  return toResponseAsync(path, async () => {
    const parts = path.split("/").filter(Boolean).map(decodeURIComponent) // ["_sandbox", ...]
    const [, area, a, b] = parts
    const bodyObj = (body && typeof body === "object" ? body : {}) as Record<string, unknown>

    if (area === "health" && method === "GET") return json({ ok: true })
    if (area === "reset" && method === "POST") {
      resetAll()
      return json({ ok: true })
    }
    if (area === "clock") return clockControl(ctx, method, bodyObj)
    if (area === "requests" && method === "GET") return json({ requests: ctx.requests.filter(query.get("method"), query.get("pathContains")) })

    if (area === "payments" && a) {
      if (!b && method === "GET") return json(internalView(findOne(ctx, a, query.get("msn"))))
      if (b && method === "POST") {
        const p = findOne(ctx, a, bodyObj.msn ?? query.get("msn"))
        switch (b) {
          case "approve": {
            // CARD: the shopper pays with a test card ({card?, threeDSecure?}) instead of the app.
            if (isCardPayment(p)) return json(internalView(approveCardAsShopper(ctx, p, bodyObj)))
            // The shopper approves in the app: the test app's magic amounts apply (NOTES §9).
            // Express: {profile?, shippingOptionId?} as on the landing page, dynamic options via the callback.
            const sid = bodyObj.shippingOptionId
            if (sid !== undefined && typeof sid !== "string") throw validationError([{ name: "shippingOptionId", reason: "shippingOptionId must be a string." }])
            try {
              const approval = await approveAsShopper(ctx, p, { profile: parseProfile(bodyObj.profile), shippingOptionId: sid }, false)
              return json({ ...internalView(p), approval })
            } catch (e) {
              if (e instanceof ShippingRefusal) throw httpError(e.status, `Not approved: ${e.message}.`)
              throw e
            }
          }
          case "reject":
            ctx.payments.reject(p)
            return json(internalView(p))
          case "expire":
            ctx.payments.expire(p)
            return json(internalView(p))
          case "capture":
          case "refund": {
            if (!Number.isInteger(bodyObj.value)) throw validationError([{ name: "value", reason: "value (minor units) is required." }])
            // Portal actions carry no idempotency key (null in events/webhooks).
            applyModification(ctx, p, b, { modificationAmount: { value: bodyObj.value, currency: p.amount.currency } }, null)
            return json(internalView(p))
          }
          case "cancel":
            applyModification(ctx, p, "cancel", {}, null)
            return json(internalView(p))
          case "capture-error":
            setCaptureError(p, bodyObj)
            return json(internalView(p))
          case "capture-guarantee":
            setCaptureGuarantee(p, bodyObj)
            return json(internalView(p))
        }
      }
    }

    if (area === "merchants" && a && b === "card-payments" && method === "POST") {
      // The sales unit's card permission: {allowed: false} → create with CARD answers 5070.
      if (typeof bodyObj.allowed !== "boolean") throw validationError([{ name: "allowed", reason: "allowed must be true or false." }])
      if (!ctx.merchants.some((m) => m.msn === a)) throw httpError(404, `No sales unit with MSN ${a}.`)
      ctx.cards.set(a, bodyObj.allowed)
      return json({ msn: a, cardPayments: ctx.cards.allowed(a) })
    }

    if (area === "faults") {
      if (method === "POST") return json({ fault: ctx.faults.add(body) }, 201)
      if (method === "GET") return json({ faults: ctx.faults.list() })
      if (method === "DELETE") {
        ctx.faults.clear()
        return json({ ok: true })
      }
    }

    if (area === "webhooks") {
      if (a === "mode" && method === "POST") {
        const mode = bodyObj.mode
        if (mode !== "deliver" && mode !== "drop" && mode !== "delay" && mode !== "fail") throw validationError([{ name: "mode", reason: "mode must be deliver, drop, delay or fail." }])
        if (bodyObj.delayMs !== undefined && (!Number.isInteger(bodyObj.delayMs) || (bodyObj.delayMs as number) < 0)) throw validationError([{ name: "delayMs", reason: "delayMs must be a non-negative integer." }])
        ctx.dispatcher.mode = mode
        ctx.dispatcher.delayMs = (bodyObj.delayMs as number | undefined) ?? (mode === "delay" ? 5000 : 0)
        return json({ mode: ctx.dispatcher.mode, delayMs: ctx.dispatcher.delayMs })
      }
      if (a === "deliveries" && method === "GET") return json({ deliveries: ctx.dispatcher.deliveries })
    }

    throw httpError(404, `Unknown control endpoint ${method} ${path}.`)
  })
}
