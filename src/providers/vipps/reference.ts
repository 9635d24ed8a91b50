import { randomBytes } from "node:crypto"

/** Vipps `reference`: unique per merchant, `^[a-zA-Z0-9-]{8,64}$`; we stay within 50 characters. */
const MAX_REFERENCE_LENGTH = 50

/**
 * Builds the Vipps reference from the store prefix and the Medusa payment session id
 * (`payses_01J…` → `<prefix>-01J…`). Each session gets its own reference, so a shopper who
 * retries after an aborted or expired payment gets a fresh one, as Vipps requires.
 */
export function buildReference(prefix: string, sessionId: string): string {
  const id = sessionId.replace(/^payses_/, "").replace(/[^a-zA-Z0-9-]/g, "-")
  const reference = `${prefix}-${id}`.slice(0, MAX_REFERENCE_LENGTH)
  if (!/^[a-zA-Z0-9-]{8,64}$/.test(reference)) {
    throw new Error(`Cannot build a valid Vipps reference from prefix "${prefix}" and session "${sessionId}"`)
  }
  return reference
}

/**
 * Fills `{reference}` and `{token}` in the configured return URL; whichever placeholder is
 * missing is appended as a query parameter. The token lets the return page ask for the
 * payment's state without the shopper's browser session (the return may open elsewhere).
 */
export function buildReturnUrl(template: string, reference: string, token?: string): string {
  let url = template
  const values: Record<string, string | undefined> = { reference, token }
  for (const [name, value] of Object.entries(values)) {
    if (value === undefined) continue
    const placeholder = `{${name}}`
    if (url.includes(placeholder)) {
      url = url.split(placeholder).join(encodeURIComponent(value))
    } else {
      url += `${url.includes("?") ? "&" : "?"}${name}=${encodeURIComponent(value)}`
    }
  }
  return url
}

/** An unguessable token for the session-less return page. */
export function newReturnToken(): string {
  return randomBytes(18).toString("base64url")
}
