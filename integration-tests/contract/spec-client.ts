// A tiny HTTP client for the contract tests: every request and response is checked
// against the official OpenAPI documents by OpenApiValidator.
import { OpenApiValidator } from "./openapi-validator"

export type Merchant = { msn: string; clientId: string; clientSecret: string; subscriptionKey: string }

export type CallOptions = {
  body?: unknown
  headers?: Record<string, string>
  /** send the bearer token + subscription key + MSN (default true) */
  auth?: boolean
  idempotencyKey?: string
  /** the test deliberately sends a request the spec forbids: the validator must flag it */
  invalidRequest?: boolean
}

export type CallResult = { status: number; headers: Headers; body: any; raw: string } // eslint-disable-line @typescript-eslint/no-explicit-any

export class SpecClient {
  token = ""
  readonly violations: string[] = []
  exchanges = 0

  constructor(private baseUrl: string, readonly validator: OpenApiValidator, public merchant: Merchant) {}

  async fetchToken() {
    const r = await this.call("POST", "/accesstoken/get", {
      auth: false,
      headers: {
        client_id: this.merchant.clientId,
        client_secret: this.merchant.clientSecret,
        "Ocp-Apim-Subscription-Key": this.merchant.subscriptionKey,
        "Merchant-Serial-Number": this.merchant.msn,
      },
    })
    if (r.status !== 200) throw new Error(`token failed ${r.status} ${r.raw}`)
    this.token = r.body.access_token
    return r
  }

  async call(method: string, path: string, opts: CallOptions = {}): Promise<CallResult> {
    const headers: Record<string, string> = {
      "Vipps-System-Name": "contract-tests",
      "Vipps-System-Version": "1.0",
      "Vipps-System-Plugin-Name": "medusa-payment-vipps",
      "Vipps-System-Plugin-Version": "0.1.0",
      ...(opts.auth === false
        ? {}
        : {
            Authorization: `Bearer ${this.token}`,
            "Ocp-Apim-Subscription-Key": this.merchant.subscriptionKey,
            "Merchant-Serial-Number": this.merchant.msn,
          }),
      ...(opts.idempotencyKey ? { "Idempotency-Key": opts.idempotencyKey } : {}),
      ...(opts.body !== undefined ? { "Content-Type": "application/json" } : {}),
      ...(opts.headers ?? {}),
    }
    // the documents' paths carry no query string; match on the path alone
    const specPath = path.split("?")[0]
    const reqErrors = this.validator.validateRequest(method, specPath, headers, opts.body)
    if (opts.invalidRequest) {
      if (reqErrors.length === 0) this.violations.push(`${method} ${path}: request expected to violate the spec but validated`)
    } else {
      this.violations.push(...reqErrors.map((e) => `${method} ${path} request: ${e}`))
    }
    const res = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers,
      body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
    })
    const raw = await res.text()
    let body: unknown
    try {
      body = raw ? JSON.parse(raw) : undefined
    } catch {
      body = raw
    }
    const resErrors = this.validator.validateResponse(method, specPath, res.status, res.headers.get("content-type"), body, raw)
    this.violations.push(...resErrors.map((e) => `${method} ${path} → ${res.status}: ${e}`))
    this.exchanges++
    return { status: res.status, headers: res.headers, body, raw }
  }
}
