// Lenient JSON body parsing.
// The official Postman collection sends `"reference": {{reference}}` unquoted, i.e. a 19-digit
// JSON number. The real API's binder accepts that (number → string); JSON.parse would lose
// precision, so integer literals too long for a double are quoted before parsing.
import { httpError } from "./errors"

function quoteLongIntegers(raw: string): string {
  let out = ""
  let inString = false
  for (let i = 0; i < raw.length; i++) {
    const ch = raw[i]
    if (inString) {
      out += ch
      if (ch === "\\") {
        out += raw[++i] ?? ""
      } else if (ch === '"') inString = false
      continue
    }
    if (ch === '"') {
      inString = true
      out += ch
      continue
    }
    if (/[-0-9]/.test(ch)) {
      let j = i
      while (j < raw.length && /[-+0-9.eE]/.test(raw[j])) j++
      const lit = raw.slice(i, j)
      out += /^-?\d{16,}$/.test(lit) ? `"${lit}"` : lit
      i = j - 1
      continue
    }
    out += ch
  }
  return out
}

/** Parses a request body; undefined when empty. Throws a 400 problem on malformed JSON. */
export function parseJsonBody(raw: string): unknown {
  if (!raw.trim()) return undefined
  try {
    return JSON.parse(quoteLongIntegers(raw))
  } catch {
    throw httpError(400, "The request body is not valid JSON.", [{ name: "body", reason: "Invalid JSON" }])
  }
}

/** Stable serialisation used to compare request bodies (idempotency "same body"). */
export function canonicalJson(v: unknown): string {
  if (v === undefined) return "null"
  if (v === null || typeof v !== "object") return JSON.stringify(v)
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(",")}]`
  const o = v as Record<string, unknown>
  return `{${Object.keys(o)
    .filter((k) => o[k] !== undefined)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${canonicalJson(o[k])}`)
    .join(",")}}`
}
