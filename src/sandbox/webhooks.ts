// Webhooks API (registrations per MSN) and signed delivery with retries (NOTES §6).
import { createHash, createHmac, randomBytes, randomUUID } from "node:crypto"
import http from "node:http"
import https from "node:https"
import { httpError, validationError, type ExtraDetail } from "./errors"
import type { ApiResponse } from "./types"
import type { EventName, PaymentEvent } from "./state"
import { webhookUrlProblem } from "./urls"

export type WebhookRegistration = {
  id: string
  msn: string
  url: string
  events: string[]
  secret: string
  /** Sandbox-clock time of the first failed delivery since the last successful one. */
  failingSince?: number
}
/** "fail": every delivery attempt fails as if the shop did not answer (retries and the two-week removal follow). */
export type WebhookMode = "deliver" | "drop" | "delay" | "fail"

/** Vipps removes a registration that has not answered for two weeks (Webhooks API changelog, March 2026). */
export const REMOVE_UNANSWERED_AFTER_MS = 14 * 24 * 60 * 60 * 1000
export type WebhookDelivery = {
  registrationId: string
  url: string
  event: string
  reference: string
  attempt: number
  status: number | "error"
  at: string
}

export const MAX_REGISTRATIONS_PER_EVENT = 25
const DELIVERY_TIMEOUT_MS = 10_000

export const eventType = (name: EventName) => `epayments.payment.${name.toLowerCase()}.v1`

/** The documented ePayment event types (NOTES §6.2; the Webhooks spec itself has no enum). */
export const EVENT_TYPES: string[] = (["CREATED", "ABORTED", "EXPIRED", "CANCELLED", "CAPTURED", "REFUNDED", "AUTHORIZED", "TERMINATED"] as EventName[]).map(eventType)

/**
 * Signs a webhook request exactly like Vipps (NOTES §6.4):
 * string-to-sign = "POST\n" + pathAndQuery + "\n" + date + ";" + host + ";" + contentHash,
 * HMAC-SHA256 keyed with the secret's UTF-8 bytes (not base64-decoded).
 */
export function signWebhook(input: { secret: string; url: string; date: string; body: string; method?: string }) {
  const u = new URL(input.url)
  const pathAndQuery = `${u.pathname}${u.search}`
  const contentHash = createHash("sha256").update(input.body, "utf8").digest("base64")
  const stringToSign = `${input.method ?? "POST"}\n${pathAndQuery}\n${input.date};${u.host};${contentHash}`
  const signature = createHmac("sha256", Buffer.from(input.secret, "utf8")).update(stringToSign, "utf8").digest("base64")
  return {
    host: u.host,
    contentHash,
    signature,
    stringToSign,
    authorization: `HMAC-SHA256 SignedHeaders=x-ms-date;host;x-ms-content-sha256&Signature=${signature}`,
  }
}

export class WebhookRegistry {
  private regs: WebhookRegistration[] = []

  /** `now`: the sandbox clock; `log`: one line per removed registration. */
  constructor(private readonly now: () => number = Date.now, private readonly log: (line: string) => void = () => {}) {}

  /** A delivery attempt's outcome: success clears the failure streak, a failure starts it. */
  noteDelivery(id: string, ok: boolean) {
    const reg = this.get(id)
    if (!reg) return
    if (ok) reg.failingSince = undefined
    else reg.failingSince ??= this.now()
    this.removeUnanswered()
  }

  /** Removes the registrations whose deliveries have failed for two weeks (run when the clock moves, and after each failure). */
  removeUnanswered() {
    const now = this.now()
    const gone = this.regs.filter((r) => r.failingSince !== undefined && now - r.failingSince >= REMOVE_UNANSWERED_AFTER_MS)
    if (!gone.length) return
    this.regs = this.regs.filter((r) => !gone.includes(r))
    for (const r of gone) this.log(`webhook registration ${r.id} (${r.url}) removed: no answer for two weeks`)
  }

  clear() {
    this.regs = []
  }

  get(id: string) {
    return this.regs.find((r) => r.id === id)
  }

  forEvent(msn: string, type: string) {
    return this.regs.filter((r) => r.msn === msn && r.events.includes(type))
  }

  register(msn: string, body: unknown): ApiResponse {
    const b = (body ?? {}) as Record<string, unknown>
    const errors: ExtraDetail[] = []
    if (typeof b.url !== "string") errors.push({ name: "url", reason: "url is required." })
    else {
      const problem = webhookUrlProblem(b.url)
      if (problem) errors.push({ name: "url", reason: problem })
    }
    if (!Array.isArray(b.events) || b.events.length === 0 || b.events.some((e) => typeof e !== "string" || !e)) {
      errors.push({ name: "events", reason: "events must be a non-empty array of event type strings." })
    } else {
      const unknown = (b.events as string[]).filter((e) => !EVENT_TYPES.includes(e))
      if (unknown.length) errors.push({ name: "events", reason: `Unknown event type(s) ${unknown.join(", ")}; the ePayment events are ${EVENT_TYPES.join(", ")}.` })
    }
    if (errors.length) throw validationError(errors)
    const events = [...new Set(b.events as string[])]
    for (const e of events) {
      if (this.regs.filter((r) => r.msn === msn && r.events.includes(e)).length >= MAX_REGISTRATIONS_PER_EVENT) {
        throw httpError(400, `At most ${MAX_REGISTRATIONS_PER_EVENT} webhooks can be registered for event ${e}.`, [{ name: "events", reason: "Too many registrations" }])
      }
    }
    const reg: WebhookRegistration = { id: randomUUID(), msn, url: b.url as string, events, secret: randomBytes(48).toString("base64") }
    this.regs.push(reg)
    return { status: 201, contentType: "application/json", body: { id: reg.id, secret: reg.secret } }
  }

  list(msn: string): ApiResponse {
    return {
      status: 200,
      contentType: "application/json",
      body: { webhooks: this.regs.filter((r) => r.msn === msn).map((r) => ({ id: r.id, url: r.url, events: [...r.events] })) },
    }
  }

  delete(msn: string, id: string): ApiResponse {
    const i = this.regs.findIndex((r) => r.id === id && r.msn === msn)
    if (i < 0) throw httpError(404, `Webhook ${id} not found.`)
    this.regs.splice(i, 1)
    return { status: 204 }
  }
}

type QueueItem = { reg: WebhookRegistration; type: string; reference: string; body: string; attempt: number }

/**
 * Delivers events with at-least-once semantics. One FIFO queue per registration per payment:
 * a failing event blocks later events of the same payment until it succeeds or gives up.
 */
export class WebhookDispatcher {
  private queues = new Map<string, QueueItem[]>()
  private busy = new Set<string>()
  private timers = new Set<NodeJS.Timeout>()
  private inflight = new Set<http.ClientRequest>()
  private closed = false
  /** bumped on reset so callbacks of aborted deliveries are ignored */
  private generation = 0
  mode: WebhookMode = "deliver"
  delayMs = 0
  deliveries: WebhookDelivery[] = []

  constructor(
    private registry: WebhookRegistry,
    private opts: { retryBaseMs: number; maxAttempts: number; log: (line: string) => void }
  ) {}

  dispatch(msn: string, event: PaymentEvent, extra: Record<string, unknown> = {}) {
    if (this.closed || this.mode === "drop") return
    const type = eventType(event.name)
    const payload = {
      msn,
      reference: event.reference,
      pspReference: event.pspReference,
      name: event.name,
      amount: event.amount,
      timestamp: event.timestamp,
      idempotencyKey: event.idempotencyKey,
      success: event.success,
      ...extra,
    }
    const body = JSON.stringify(payload)
    for (const reg of this.registry.forEvent(msn, type)) {
      const key = `${reg.id}|${msn}|${event.reference}`
      const q = this.queues.get(key) ?? []
      q.push({ reg, type, reference: event.reference, body, attempt: 0 })
      this.queues.set(key, q)
      if (!this.busy.has(key)) {
        this.busy.add(key)
        if (this.mode === "delay" && this.delayMs > 0) this.later(this.delayMs, () => this.pump(key))
        else setImmediate(() => this.pump(key))
      }
    }
  }

  private later(ms: number, fn: () => void) {
    const t = setTimeout(() => {
      this.timers.delete(t)
      fn()
    }, ms)
    this.timers.add(t)
  }

  private pump(key: string) {
    if (this.closed) return
    const q = this.queues.get(key)
    const item = q?.[0]
    if (!q || !item) {
      this.queues.delete(key)
      this.busy.delete(key)
      return
    }
    if (!this.registry.get(item.reg.id)) {
      // Registration deleted: its pending events are dropped.
      this.queues.delete(key)
      this.busy.delete(key)
      return
    }
    item.attempt += 1
    const gen = this.generation
    const send = this.mode === "fail" ? (_: QueueItem, done: (status: "error") => void) => setImmediate(() => done("error")) : this.send.bind(this)
    send(item, (status) => {
      if (this.closed || gen !== this.generation) return
      this.deliveries.push({ registrationId: item.reg.id, url: item.reg.url, event: item.type, reference: item.reference, attempt: item.attempt, status, at: new Date().toISOString() })
      const ok = typeof status === "number" && status >= 200 && status < 300
      this.opts.log(`webhook ${item.type} ${item.reference} → ${item.reg.url} attempt ${item.attempt}: ${status}`)
      this.registry.noteDelivery(item.reg.id, ok)
      if (ok || item.attempt >= this.opts.maxAttempts) {
        q.shift()
        this.pump(key)
      } else {
        this.later(this.opts.retryBaseMs * 2 ** (item.attempt - 1), () => this.pump(key))
      }
    })
  }

  private send(item: QueueItem, done: (status: number | "error") => void) {
    let finished = false
    const finish = (s: number | "error") => {
      if (finished) return
      finished = true
      done(s)
    }
    try {
      const url = new URL(item.reg.url)
      const date = new Date().toUTCString() // RFC 1123, e.g. "Thu, 30 Mar 2023 08:38:32 GMT"
      const sig = signWebhook({ secret: item.reg.secret, url: item.reg.url, date, body: item.body })
      const mod = url.protocol === "https:" ? https : http
      const req = mod.request(
        url,
        {
          method: "POST",
          agent: false, // no keep-alive: nothing left open after close()
          headers: {
            "content-type": "application/json",
            "content-length": Buffer.byteLength(item.body),
            host: sig.host,
            "x-ms-date": date,
            "x-ms-content-sha256": sig.contentHash,
            authorization: sig.authorization,
            "user-agent": "vipps-sandbox-webhooks/1.0",
          },
        },
        (res) => {
          res.resume()
          res.on("end", () => finish(res.statusCode ?? "error"))
          res.on("error", () => finish("error"))
        }
      )
      this.inflight.add(req)
      req.setTimeout(DELIVERY_TIMEOUT_MS, () => req.destroy(new Error("timeout")))
      req.on("error", () => finish("error"))
      req.on("close", () => {
        this.inflight.delete(req)
        finish("error")
      })
      req.end(item.body)
    } catch {
      setImmediate(() => finish("error"))
    }
  }

  reset() {
    this.generation += 1
    for (const t of this.timers) clearTimeout(t)
    this.timers.clear()
    for (const r of this.inflight) r.destroy()
    this.inflight.clear()
    this.queues.clear()
    this.busy.clear()
    this.deliveries = []
    this.mode = "deliver"
    this.delayMs = 0
  }

  close() {
    this.closed = true
    this.reset()
  }
}
