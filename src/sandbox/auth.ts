// Access tokens (POST /accesstoken/get) and the per-request credential checks.
// Tokens are HS256-signed JWT-looking strings bound to the merchant (MSN) they were issued for;
// verification is stateless so tokens survive a /_sandbox/reset like real cached tokens would.
import { createHmac, randomBytes, randomUUID, timingSafeEqual } from "node:crypto"
import type { IncomingHttpHeaders } from "node:http"
import { httpError, validationError } from "./errors"
import type { ApiResponse, SandboxMerchant } from "./types"

const b64url = (s: string | Buffer) => Buffer.from(s).toString("base64url")

function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const v = headers[name.toLowerCase()]
  return Array.isArray(v) ? v[0] : v
}

export class TokenIssuer {
  private key = randomBytes(32)

  constructor(private merchants: SandboxMerchant[], private ttlSeconds: number) {}

  /** Handles POST /accesstoken/get: credentials travel in headers, no body. */
  issue(headers: IncomingHttpHeaders): ApiResponse {
    const clientId = header(headers, "client_id")
    const clientSecret = header(headers, "client_secret")
    const subKey = header(headers, "ocp-apim-subscription-key")
    const msn = header(headers, "merchant-serial-number")
    if (!clientId || !clientSecret || !subKey) {
      throw httpError(401, "Missing client_id, client_secret or Ocp-Apim-Subscription-Key header.")
    }
    const m = this.merchants.find((x) => x.clientId === clientId)
    if (!m || m.clientSecret !== clientSecret || m.subscriptionKey !== subKey || (msn && msn !== m.msn)) {
      throw httpError(401, "Invalid client credentials, subscription key or Merchant-Serial-Number.")
    }
    const nowMs = Date.now()
    const now = Math.floor(nowMs / 1000)
    const exp = now + this.ttlSeconds
    const head = b64url(JSON.stringify({ typ: "JWT", alg: "HS256", kid: "vipps-sandbox" }))
    const payload = b64url(
      JSON.stringify({
        aud: "00000002-0000-0000-c000-000000000000",
        iss: "https://vipps-sandbox.local/",
        iat: now,
        nbf: now,
        exp,
        // millisecond expiry so a token lives exactly tokenTtlSeconds (tests use tiny TTLs)
        exp_ms: nowMs + this.ttlSeconds * 1000,
        appid: m.clientId,
        msn: m.msn,
        jti: randomUUID(),
        // pad like the real (1000+ chars) tokens so header size limits show up in tests
        pad: randomBytes(384).toString("base64"),
      })
    )
    const sig = createHmac("sha256", this.key).update(`${head}.${payload}`).digest("base64url")
    return {
      status: 200,
      contentType: "application/json;charset=UTF-8",
      body: {
        token_type: "Bearer",
        expires_in: String(this.ttlSeconds),
        ext_expires_in: String(this.ttlSeconds),
        expires_on: String(exp),
        not_before: String(now),
        resource: "00000002-0000-0000-c000-000000000000",
        access_token: `${head}.${payload}.${sig}`,
      },
    }
  }

  /** Returns the merchant of a valid, unexpired token issued by this sandbox, or undefined. */
  verify(token: string): SandboxMerchant | undefined {
    const parts = token.split(".")
    if (parts.length !== 3) return undefined
    const expected = createHmac("sha256", this.key).update(`${parts[0]}.${parts[1]}`).digest()
    const got = Buffer.from(parts[2], "base64url")
    if (got.length !== expected.length || !timingSafeEqual(got, expected)) return undefined
    try {
      const payload = JSON.parse(Buffer.from(parts[1], "base64url").toString("utf8"))
      if (typeof payload.exp_ms !== "number" || payload.exp_ms <= Date.now()) return undefined
      return this.merchants.find((m) => m.msn === payload.msn && m.clientId === payload.appid)
    } catch {
      return undefined
    }
  }

  /**
   * Checks Authorization (exactly "Bearer <token>"), Ocp-Apim-Subscription-Key and
   * Merchant-Serial-Number against the token's merchant, like APIM + the API do:
   * bad/missing token or key → 401, an MSN the token is not bound to → 403.
   */
  authenticate(headers: IncomingHttpHeaders, opts: { msnRequired: boolean }): SandboxMerchant {
    const auth = header(headers, "authorization") ?? ""
    const match = /^Bearer (\S+)$/.exec(auth)
    if (!match) throw httpError(401, "Missing or malformed Authorization header (expected 'Bearer <token>').")
    const m = this.verify(match[1])
    if (!m) throw httpError(401, "Invalid or expired access token.")
    const subKey = header(headers, "ocp-apim-subscription-key")
    if (!subKey || subKey !== m.subscriptionKey) {
      throw httpError(401, "Access denied due to missing or invalid subscription key.")
    }
    const msn = header(headers, "merchant-serial-number")
    if (!msn) {
      if (opts.msnRequired) throw validationError([{ name: "Merchant-Serial-Number", reason: "The Merchant-Serial-Number header is required." }])
      return m
    }
    if (msn !== m.msn) throw httpError(403, `The access token is not valid for Merchant-Serial-Number ${msn}.`)
    return m
  }
}

export { header as getHeader }
