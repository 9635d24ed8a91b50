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

/** Fills `{reference}` in the configured return URL, or appends it as a query parameter. */
export function buildReturnUrl(template: string, reference: string): string {
  if (template.includes("{reference}")) {
    return template.split("{reference}").join(encodeURIComponent(reference))
  }
  const separator = template.includes("?") ? "&" : "?"
  return `${template}${separator}reference=${encodeURIComponent(reference)}`
}
