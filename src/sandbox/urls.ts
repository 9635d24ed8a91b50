// URL rules of the real API, with one sandbox exception for local development:
// loopback http:// URLs (localhost, 127.0.0.0/8, ::1) are accepted wherever Vipps demands
// https, so a shop on a developer's machine (and the tests) can talk to the sandbox.
//   returnUrl / receiptUrl: https:// or a custom app scheme (spec CreatePaymentRequest, NOTES §3.2, §7)
//   webhook url: public https on port 80, 443 or 8080, no localhost (NOTES §6.1)
import { isIP } from "node:net"
import { codeError } from "./errors"

/** Schemes that are not an app's custom scheme and never a valid return target. */
const NOT_APP_SCHEMES = new Set(["http:", "ftp:", "file:", "data:", "javascript:", "vbscript:", "about:", "blob:", "ws:", "wss:", "mailto:", "tel:"])
const WEBHOOK_PORTS = new Set(["", "80", "443", "8080"])

export function isLoopbackHost(hostname: string): boolean {
  const h = hostname.replace(/^\[|\]$/g, "").toLowerCase()
  return h === "localhost" || h.endsWith(".localhost") || h === "::1" || (isIP(h) === 4 && h.startsWith("127."))
}

function isPrivateAddress(h: string): boolean {
  if (isIP(h) === 4) {
    const [a, b] = h.split(".").map(Number)
    return a === 0 || a === 10 || a === 127 || (a === 169 && b === 254) || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) || (a === 100 && b >= 64 && b <= 127)
  }
  if (isIP(h) === 6) return h === "::" || h === "::1" || /^f[cd]/i.test(h) || /^fe[89ab]/i.test(h)
  return false
}

/** The sandbox's exception: plain http to this machine. */
const isLoopbackHttp = (u: URL) => u.protocol === "http:" && isLoopbackHost(u.hostname)

/** returnUrl, receiptUrl: https, a custom app scheme, or (sandbox exception) loopback http. Error 4090. */
export function assertReturnUrl(value: string, field: string) {
  let u: URL
  try {
    u = new URL(value)
  } catch {
    throw codeError(400, 4090, `${field} is not a valid absolute URL.`)
  }
  if (u.protocol === "https:" || isLoopbackHttp(u)) return
  if (NOT_APP_SCHEMES.has(u.protocol)) {
    throw codeError(400, 4090, `${field} must use https:// or a custom app scheme (got ${u.protocol}//${u.host}). Plain http is accepted only for localhost in the sandbox.`)
  }
}

/** Why a webhook URL would be refused by Vipps, or undefined when it is acceptable. */
export function webhookUrlProblem(value: string): string | undefined {
  let u: URL
  try {
    u = new URL(value)
  } catch {
    return "url must be an absolute https URL."
  }
  if ((u.protocol === "http:" || u.protocol === "https:") && isLoopbackHost(u.hostname)) return undefined // sandbox exception
  if (u.protocol !== "https:") return "url must use https (plain http only for localhost in the sandbox)."
  if (!WEBHOOK_PORTS.has(u.port)) return `url must use port 443, 80 or 8080 (got ${u.port}).`
  const host = u.hostname.replace(/^\[|\]$/g, "").toLowerCase()
  if (isPrivateAddress(host)) return "url must be publicly reachable (private and link-local addresses are not)."
  if (!isIP(host) && (!host.includes(".") || /\.(local|internal|lan|home|localdomain)$/.test(host))) return "url must be a public host name."
  return undefined
}
