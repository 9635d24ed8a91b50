// The URLs Vipps MobilePay refuses, checked at boot so a store fails at start-up instead of on
// the first payment or webhook registration (NOTES §4 returnUrl, §6.1 webhook URLs):
// - returnUrl: https:// or the app's own scheme (myapp://…);
// - webhooks: public https:// on port 443, 80 or 8080.
// One exception, for local development: loopback http:// URLs (localhost, 127.0.0.1, ::1) when
// `environment` is a sandbox base URL (the local sandbox accepts them; Vipps never does).
import { isIP } from "node:net"
import { PRODUCTION_BASE_URL, TEST_BASE_URL, resolveBaseUrl } from "../../vipps"

export type OptionProblem = { path: string; message: string }

// Schemes that are neither https nor an app's own scheme (http is handled on its own).
const NOT_APP_SCHEMES = new Set(["ftp:", "file:", "data:", "javascript:", "vbscript:", "about:", "blob:", "ws:", "wss:", "mailto:", "tel:"])
const WEBHOOK_PORTS = new Set(["", "443", "80", "8080"])

/** "test"/"production" (or their base URLs) → that Vipps environment; anything else is a sandbox. */
export function vippsEnvironmentOf(environment: string): "test" | "production" | "sandbox" {
  if (environment === "test" || environment === "production") return environment
  try {
    const base = resolveBaseUrl(environment)
    if (base === TEST_BASE_URL) return "test"
    if (base === PRODUCTION_BASE_URL) return "production"
  } catch {
    // An invalid environment is reported by the schema.
  }
  return "sandbox"
}

/** localhost (and *.localhost), 127.0.0.0/8 or ::1: the same exception the sandbox makes. */
export function isLoopbackUrl(url: URL): boolean {
  const host = url.hostname.replace(/^\[|\]$/g, "").toLowerCase()
  return host === "localhost" || host.endsWith(".localhost") || host === "::1" || (isIP(host) === 4 && host.startsWith("127."))
}

function parseUrl(value: unknown): URL | undefined {
  if (typeof value !== "string") return undefined
  try {
    return new URL(value)
  } catch {
    return undefined
  }
}

// "must use https://…: <why>; <the loopback exception, where it applies>".
function httpMessage(env: "test" | "production" | "sandbox", url: URL, why: string): string {
  if (env === "sandbox") {
    return `must use https://: ${why}; with the sandbox, http:// is accepted only for localhost, 127.0.0.1 or ::1`
  }
  const exception = isLoopbackUrl(url) ? `; http://${url.hostname} works only while environment is the local sandbox's URL` : ""
  return `must use https:// when environment is "${env}": ${why}${exception}`
}

/** Problems Vipps would have with the returnUrl and webhookBaseUrl of these (raw) options. */
export function urlProblems(options: Record<string, unknown>): OptionProblem[] {
  if (typeof options.environment !== "string") return []
  const env = vippsEnvironmentOf(options.environment)
  const when = env === "sandbox" ? "" : ` when environment is "${env}"`
  const problems: OptionProblem[] = []

  const returnUrl = parseUrl(options.returnUrl)
  if (returnUrl?.protocol === "http:" && !(env === "sandbox" && isLoopbackUrl(returnUrl))) {
    problems.push({
      path: "returnUrl",
      message: httpMessage(env, returnUrl, "Vipps MobilePay returns shoppers only to https:// pages or to your app's own scheme such as myapp:// (NATIVE_REDIRECT)"),
    })
  }

  if (returnUrl && NOT_APP_SCHEMES.has(returnUrl.protocol)) {
    problems.push({
      path: "returnUrl",
      message: `must use https:// or your app's own scheme such as myapp://, not ${returnUrl.protocol}//`,
    })
  }

  const webhookBaseUrl = parseUrl(options.webhookBaseUrl)
  if (webhookBaseUrl) {
    const loopback = isLoopbackUrl(webhookBaseUrl)
    if (webhookBaseUrl.protocol === "http:" && !(env === "sandbox" && loopback)) {
      problems.push({
        path: "webhookBaseUrl",
        message: httpMessage(env, webhookBaseUrl, "Vipps MobilePay delivers webhooks only to public https:// URLs, e.g. https://api.shop.example"),
      })
    } else if (env !== "sandbox" && loopback) {
      problems.push({
        path: "webhookBaseUrl",
        message: `must be this server's public https:// address${when}: Vipps MobilePay cannot deliver webhooks to ${webhookBaseUrl.hostname}`,
      })
    } else if (env !== "sandbox" && !WEBHOOK_PORTS.has(webhookBaseUrl.port)) {
      problems.push({
        path: "webhookBaseUrl",
        message: `must use port 443, 80 or 8080${when}: Vipps MobilePay delivers webhooks only to these, got port ${webhookBaseUrl.port}`,
      })
    }
  }
  return problems
}
