// Where the Vipps MobilePay API lives. Test ("MT") and production are separate systems with
// separate keys, so the environment must be explicit; a custom URL points at a local sandbox.

export const TEST_BASE_URL = "https://apitest.vipps.no"
export const PRODUCTION_BASE_URL = "https://api.vipps.no"

export type VippsEnvironment = "test" | "production" | (string & {})

export function resolveBaseUrl(environment: VippsEnvironment): string {
  if (environment === "test") return TEST_BASE_URL
  if (environment === "production") return PRODUCTION_BASE_URL
  if (typeof environment === "string" && /^https?:\/\/[^\s/]+/i.test(environment)) {
    let url: URL
    try {
      url = new URL(environment)
    } catch {
      throw invalidEnvironment(environment)
    }
    // Keep any path prefix (a proxy may mount the API under one) but drop the trailing slash
    // so `${base}/epayment/...` never produces a double slash.
    return `${url.origin}${url.pathname}`.replace(/\/+$/, "")
  }
  throw invalidEnvironment(environment)
}

/** True only for the real production host: guards test-only operations such as force approve. */
export function isProductionBaseUrl(baseUrl: string): boolean {
  return baseUrl.replace(/\/+$/, "") === PRODUCTION_BASE_URL
}

function invalidEnvironment(value: unknown): Error {
  return new Error(
    `Invalid Vipps MobilePay environment ${JSON.stringify(value)}: use "test", "production" ` +
      `or an http(s) base URL such as "http://127.0.0.1:4545" for the local sandbox`
  )
}
