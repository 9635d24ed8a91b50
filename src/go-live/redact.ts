import { redactPhoneNumbers } from "../vipps"
import type { VippsExchange } from "../vipps"

/**
 * Redaction of the go-live run's request examples, before anything is stored: Vipps MobilePay
 * sees the headers that matter (Idempotency-Key, Merchant-Serial-Number, Vipps-System-*) as
 * sent; the access token, client secret, subscription key, webhook secrets, full phone numbers
 * and the shopper's personal data never leave the process. Whatever secret value was seen in a
 * header or a body is also blanked wherever else it appears (the last safety net).
 */
export const REDACTED = "<redacted>"

/** Request headers shown as sent (compared case-insensitively). */
const SHOWN_HEADERS = [
  "Idempotency-Key",
  "Merchant-Serial-Number",
  "Vipps-System-Name",
  "Vipps-System-Version",
  "Vipps-System-Plugin-Name",
  "Vipps-System-Plugin-Version",
  "Content-Type",
  "Accept",
]
/** Request headers shown with their value blanked (so Vipps sees they were sent). */
const MASKED_HEADERS: Record<string, (value: string) => string> = {
  authorization: (value) => (/^bearer /i.test(value) ? `Bearer ${REDACTED}` : REDACTED),
  "ocp-apim-subscription-key": () => REDACTED,
  client_id: () => REDACTED,
  client_secret: () => REDACTED,
}
const SHOWN_RESPONSE_HEADERS = ["content-type", "request-id"]

/** Body fields that are secrets, whatever their value (names lower case, without - and _): accessToken, callbackAuthorizationToken, secret, … */
const isSecretField = (key: string) => /(token|secret|password|subscriptionkey|authorization)$/.test(key)
/** Query parameters of a URL that carry a secret (the return page's token, a signature). */
const SECRET_QUERY = /([?&](?:token|access_token|secret|signature|sig|key|code)=)[^&#]*/gi
/** Body fields with the shopper's personal data (lower case, without - and _). */
const PERSONAL_FIELDS = new Set([
  "email", "firstname", "lastname", "fullname", "givenname", "familyname", "name_on_card",
  "streetaddress", "addressline1", "addressline2", "postcode", "postalcode", "sub",
  "nationalidentitynumber", "birthdate", "dateofbirth", "personalnumber", "ssn",
])
const PHONE_FIELDS = new Set(["phonenumber", "phone", "mobilenumber", "msisdn", "customerphonenumber"])
/** Objects whose every field is the shopper's (userDetails, shippingDetails, profile). */
const PERSONAL_OBJECTS = new Set(["userdetails", "shippingdetails", "billingdetails", "profile", "address"])

const fieldKey = (name: string) => name.toLowerCase().replace(/[-_]/g, "")

/** "4791234567" → "47******67": enough to tell test users apart, not the number. */
export function maskPhoneNumber(value: string): string {
  const digits = value.replace(/\D/g, "")
  if (digits.length < 6) return REDACTED
  return `${digits.slice(0, 2)}${"*".repeat(digits.length - 4)}${digits.slice(-2)}`
}

export type RedactedExchange = {
  request: { method: string; path: string; headers: Record<string, string>; body?: unknown }
  response: { status?: number; headers?: Record<string, string>; body?: unknown; error?: string }
}

/** One exchange as it may be stored and shown. */
export function redactExchange(exchange: VippsExchange): RedactedExchange {
  const secrets = new Set<string>()
  const request = {
    method: exchange.method,
    path: exchange.path,
    headers: redactRequestHeaders(exchange.requestHeaders, secrets),
    ...(exchange.requestBody !== undefined ? { body: redactBody(exchange.requestBody, secrets) } : {}),
  }
  const response = {
    ...(exchange.status !== undefined ? { status: exchange.status } : {}),
    ...(exchange.responseHeaders ? { headers: pick(exchange.responseHeaders, SHOWN_RESPONSE_HEADERS) } : {}),
    ...(exchange.responseBody !== undefined && exchange.responseBody !== "" ? { body: redactBody(exchange.responseBody, secrets) } : {}),
    ...(exchange.error ? { error: exchange.error } : {}),
  }
  return scrub({ request, response }, secrets)
}

export function redactRequestHeaders(headers: Record<string, string>, secrets = new Set<string>()): Record<string, string> {
  const result: Record<string, string> = {}
  for (const [name, value] of Object.entries(headers)) {
    const mask = MASKED_HEADERS[name.toLowerCase()]
    if (mask) {
      remember(secrets, value.replace(/^bearer /i, ""))
      result[name] = mask(value)
    } else if (SHOWN_HEADERS.some((shown) => shown.toLowerCase() === name.toLowerCase())) result[name] = value
  }
  return result
}

/** A JSON body (or a string holding one) with secrets and personal data blanked. */
export function redactBody(body: unknown, secrets = new Set<string>()): unknown {
  if (typeof body === "string") {
    try {
      return redactBody(JSON.parse(body), secrets)
    } catch {
      return redactPhoneNumbers(body)
    }
  }
  return walk(body, secrets, false)
}

function walk(value: unknown, secrets: Set<string>, personal: boolean): unknown {
  if (Array.isArray(value)) return value.map((v) => walk(v, secrets, personal))
  if (value && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>).map(([name, v]) => {
        const key = fieldKey(name)
        if (isSecretField(key) && v !== null && typeof v !== "object") {
          remember(secrets, String(v))
          return [name, REDACTED]
        }
        if (PHONE_FIELDS.has(key) && (typeof v === "string" || typeof v === "number")) {
          remember(secrets, String(v))
          return [name, maskPhoneNumber(String(v))]
        }
        if (PERSONAL_FIELDS.has(key) && typeof v === "string") {
          remember(secrets, v)
          return [name, REDACTED]
        }
        if (TEXT_FIELDS.has(key) && typeof v === "string") return [name, redactPhoneNumbers(v)]
        return [name, walk(v, secrets, personal || PERSONAL_OBJECTS.has(key))]
      })
    )
  }
  if (typeof value === "string") {
    if (personal) {
      remember(secrets, value)
      return REDACTED
    }
    // A value that is a phone number and nothing else; ids that merely contain digits stay readable.
    if (/^\+?\d{8,15}$/.test(value)) return maskPhoneNumber(value)
    return /^https?:\/\//i.test(value) ? value.replace(SECRET_QUERY, `$1${REDACTED}`) : value
  }
  return value
}

/** Free text that may echo what was sent (Vipps's problem details, descriptions). */
const TEXT_FIELDS = new Set(["detail", "title", "message", "errordescription", "description", "paymentdescription", "reason"])

// Short values (e.g. "NO") would blank ordinary words elsewhere; secrets and phone numbers are longer.
function remember(secrets: Set<string>, value: string) {
  if (value.length >= 6 && value !== REDACTED) secrets.add(value)
}

/** Blanks every remembered secret wherever it still appears (a URL, an echo in an error text). */
function scrub<T>(value: T, secrets: Set<string>): T {
  if (!secrets.size) return value
  let text = JSON.stringify(value)
  for (const secret of [...secrets].sort((a, b) => b.length - a.length)) {
    const encoded = JSON.stringify(secret).slice(1, -1)
    text = text.split(encoded).join(REDACTED)
  }
  return JSON.parse(text) as T
}

function pick(headers: Record<string, string>, names: string[]): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).filter(([name]) => names.includes(name.toLowerCase())))
}
