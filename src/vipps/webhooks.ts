// Webhooks API v1 (register/list/delete) and the HMAC-SHA256 check of incoming deliveries
// exactly as NOTES §6.4 describes it.
import { createHash, createHmac, timingSafeEqual } from "node:crypto"
import type { VippsHttp } from "./http"
import { Webhook, WebhookListSchema, WebhookRegistration, WebhookRegistrationSchema, parseResponse } from "./schemas"

/** Every ePayment event type Vipps can send (NOTES §6.2): what a registration may name. */
export const EPAYMENT_WEBHOOK_EVENTS = [
  "epayments.payment.created.v1",
  "epayments.payment.aborted.v1",
  "epayments.payment.expired.v1",
  "epayments.payment.cancelled.v1",
  "epayments.payment.captured.v1",
  "epayments.payment.refunded.v1",
  "epayments.payment.authorized.v1",
  "epayments.payment.terminated.v1",
] as const
export type EPaymentWebhookEvent = (typeof EPAYMENT_WEBHOOK_EVENTS)[number]

/**
 * The events the plugin subscribes to: the seven that can change Medusa (NOTES §6.2). Not
 * CREATED: the plugin made the payment itself and its session already holds it
 * (webhooks/confirmation.ts), and its delivery arrives right after the create call, while the
 * shopper's checkout request is still being answered. Registrations made by earlier versions
 * with CREATED as well keep working (the intake stores that delivery as processed).
 */
export const SUBSCRIBED_WEBHOOK_EVENTS = [
  "epayments.payment.authorized.v1",
  "epayments.payment.aborted.v1",
  "epayments.payment.expired.v1",
  "epayments.payment.terminated.v1",
  "epayments.payment.cancelled.v1",
  "epayments.payment.captured.v1",
  "epayments.payment.refunded.v1",
] as const satisfies readonly EPaymentWebhookEvent[]

/** The webhook event type of an ePayment event name: `AUTHORIZED` → `epayments.payment.authorized.v1`. */
export const webhookEventType = (name: string) => `epayments.payment.${name.toLowerCase()}.v1`

/** The subscribed events a registration's event list lacks (an empty list: it covers them all). */
export function missingSubscribedEvents(events: readonly string[] | undefined): string[] {
  return SUBSCRIBED_WEBHOOK_EVENTS.filter((e) => !(events ?? []).includes(e))
}

const WEBHOOKS_PATH = "/webhooks/v1/webhooks"

export function createWebhooksApi(http: VippsHttp) {
  /** The returned secret is shown only once: store it, it signs every delivery. */
  async function registerWebhook(url: string, events: readonly string[]): Promise<WebhookRegistration> {
    const { status, data } = await http.request({
      operation: "registerWebhook",
      method: "POST",
      path: WEBHOOKS_PATH,
      body: { url, events: [...events] },
    })
    return parseResponse(WebhookRegistrationSchema, data, { operation: "registerWebhook", status })
  }

  async function listWebhooks(): Promise<Webhook[]> {
    const { status, data } = await http.request({ operation: "listWebhooks", method: "GET", path: WEBHOOKS_PATH })
    return parseResponse(WebhookListSchema, data, { operation: "listWebhooks", status }).webhooks
  }

  /** Deleting one that is already gone (404) counts as done, so cleanup can be re-run. */
  async function deleteWebhook(id: string): Promise<{ deleted: boolean }> {
    const { status } = await http.request({
      operation: "deleteWebhook",
      method: "DELETE",
      path: `${WEBHOOKS_PATH}/${encodeURIComponent(id)}`,
      acceptStatus: [404],
    })
    return { deleted: status !== 404 }
  }

  return { registerWebhook, listWebhooks, deleteWebhook }
}

export type WebhooksApi = ReturnType<typeof createWebhooksApi>

export interface WebhookSignatureInput {
  /** The secret exactly as Vipps returned it at registration (used as UTF-8, never base64-decoded). */
  secret: string
  /** The public URL we registered; its path+query and host are what Vipps signs. */
  url: string
  /** The `x-ms-date` header value. */
  date: string
  rawBody: Buffer | string
}

export interface WebhookSignature {
  contentHash: string
  signature: string
  /** Full expected `Authorization` header value. */
  authorization: string
}

export function computeWebhookSignature(input: WebhookSignatureInput): WebhookSignature {
  const contentHash = createHash("sha256").update(toBuffer(input.rawBody)).digest("base64")
  const { pathAndQuery, host } = signedParts(input.url)
  const stringToSign = `POST\n${pathAndQuery}\n${input.date};${host};${contentHash}`
  const signature = createHmac("sha256", Buffer.from(input.secret, "utf8")).update(stringToSign, "utf8").digest("base64")
  return {
    contentHash,
    signature,
    authorization: `HMAC-SHA256 SignedHeaders=x-ms-date;host;x-ms-content-sha256&Signature=${signature}`,
  }
}

export type WebhookHeaders = Record<string, string | string[] | undefined>

export type WebhookVerification = { ok: true } | { ok: false; reason: string }

export function verifyWebhookSignature(input: {
  secret: string
  url: string
  headers: WebhookHeaders
  rawBody: Buffer | string
}): WebhookVerification {
  const date = header(input.headers, "x-ms-date")
  const contentHashHeader = header(input.headers, "x-ms-content-sha256")
  const authorization = header(input.headers, "authorization")
  if (!date) return { ok: false, reason: "missing x-ms-date header" }
  if (!contentHashHeader) return { ok: false, reason: "missing x-ms-content-sha256 header" }
  if (!authorization) return { ok: false, reason: "missing authorization header" }
  if (!input.secret) return { ok: false, reason: "no webhook secret configured" }

  let expected: WebhookSignature
  try {
    expected = computeWebhookSignature({ secret: input.secret, url: input.url, date, rawBody: input.rawBody })
  } catch {
    return { ok: false, reason: "invalid webhook url" }
  }
  if (!safeEqual(expected.contentHash, contentHashHeader)) {
    return { ok: false, reason: "content hash does not match the body" }
  }
  if (!safeEqual(expected.authorization, authorization)) return { ok: false, reason: "signature mismatch" }
  return { ok: true }
}

// Host keeps a port only when it is not the scheme's default (WHATWG URL already drops 443/80).
function signedParts(url: string): { pathAndQuery: string; host: string } {
  const parsed = new URL(url)
  return { pathAndQuery: `${parsed.pathname}${parsed.search}`, host: parsed.host }
}

function header(headers: WebhookHeaders, name: string): string | undefined {
  for (const [key, value] of Object.entries(headers ?? {})) {
    if (key.toLowerCase() !== name) continue
    const single = Array.isArray(value) ? value[0] : value
    return typeof single === "string" && single.length > 0 ? single.trim() : undefined
  }
  return undefined
}

// Constant-time compare; timingSafeEqual needs equal lengths, and a length mismatch is a mismatch.
function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a, "utf8")
  const right = Buffer.from(b, "utf8")
  return left.length === right.length && timingSafeEqual(left, right)
}

function toBuffer(body: Buffer | string): Buffer {
  return typeof body === "string" ? Buffer.from(body, "utf8") : body
}
