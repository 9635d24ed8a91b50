// Access-token cache. Module-level so every VippsClient for the same sales unit shares one token
// (Vipps asks us not to fetch per request), with a single in-flight refresh so a burst of first
// calls costs one /accesstoken/get.
import type { TokenResponse } from "./schemas"

interface CachedToken {
  accessToken: string
  expiresAtMs: number
  renewAtMs: number
}

const cache = new Map<string, CachedToken>()
const inFlight = new Map<string, Promise<CachedToken>>()

// Renew when less than 5 minutes – or 10 % of the lifetime for short-lived (sandbox) tokens –
// remain, so a request never leaves with a token that expires on the way.
const RENEW_MARGIN_MS = 5 * 60 * 1000
const RENEW_FRACTION = 0.1
// When Vipps gives no lifetime at all, assume the shortest documented one (1 hour, test env).
const DEFAULT_LIFETIME_MS = 60 * 60 * 1000

export function tokenCacheKey(baseUrl: string, clientId: string, merchantSerialNumber: string): string {
  return [baseUrl, clientId, merchantSerialNumber].join("\u0000")
}

export async function getCachedToken(
  key: string,
  fetchToken: () => Promise<TokenResponse>,
  now: () => number = Date.now
): Promise<string> {
  const cached = cache.get(key)
  if (cached && now() < cached.renewAtMs) return cached.accessToken

  let pending = inFlight.get(key)
  if (!pending) {
    pending = fetchToken()
      .then((response) => {
        const entry = toCachedToken(response, now())
        cache.set(key, entry)
        return entry
      })
      .finally(() => inFlight.delete(key))
    inFlight.set(key, pending)
  }
  return (await pending).accessToken
}

/** Forget a token Vipps rejected (401). Only if it is still the cached one: a newer token stays. */
export function invalidateToken(key: string, accessToken?: string): void {
  const cached = cache.get(key)
  if (cached && (accessToken === undefined || cached.accessToken === accessToken)) cache.delete(key)
}

/** For tests: start from an empty cache. */
export function clearTokenCache(): void {
  cache.clear()
  inFlight.clear()
}

function toCachedToken(response: TokenResponse, nowMs: number): CachedToken {
  const lifetimeMs = lifetimeOf(response, nowMs)
  const margin = Math.min(RENEW_MARGIN_MS, lifetimeMs * RENEW_FRACTION)
  return {
    accessToken: response.access_token,
    expiresAtMs: nowMs + lifetimeMs,
    renewAtMs: nowMs + lifetimeMs - margin,
  }
}

// Prefer `expires_in` (relative, immune to clock skew); fall back to `expires_on` (epoch seconds).
function lifetimeOf(response: TokenResponse, nowMs: number): number {
  const expiresIn = Number(response.expires_in)
  if (response.expires_in !== undefined && Number.isFinite(expiresIn) && expiresIn > 0) return expiresIn * 1000
  const expiresOn = Number(response.expires_on)
  if (response.expires_on !== undefined && Number.isFinite(expiresOn) && expiresOn * 1000 > nowMs) {
    return expiresOn * 1000 - nowMs
  }
  return DEFAULT_LIFETIME_MS
}
