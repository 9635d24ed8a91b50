// Shared types and constants of the sandbox. Kept free of any plugin/Medusa import:
// the sandbox is "the other side of the wire"; its only runtime dependency is `qrcode` (QR images).

export type SandboxMarket = "NO" | "DK" | "FI"

export type SandboxMerchant = {
  msn: string
  clientId: string
  clientSecret: string
  subscriptionKey: string
  market: SandboxMarket
  name?: string
  /** Express allowed for the sales unit (Vipps must enable it); false → create with `shipping` answers 5020. Default true. */
  express?: boolean
  /** Freestanding card payments allowed for the sales unit (`creditCardPaymentAllowed`); false → create with CARD answers 5070. Default true. */
  cardPayments?: boolean
}

export type SandboxOptions = {
  /** 0 (default) = pick a free port */
  port?: number
  /** default "127.0.0.1" */
  host?: string
  /** base used in redirectUrl (landing page); default = the listening url */
  publicUrl?: string
  /** default DEFAULT_MERCHANTS */
  merchants?: SandboxMerchant[]
  /** access token lifetime, default 3600 (like the test environment) */
  tokenTtlSeconds?: number
  /** CREATED → EXPIRED after this; default 600 */
  paymentTtlSeconds?: number
  /** first webhook retry delay, doubles each attempt; default 2000 */
  webhookRetryBaseMs?: number
  /** default 10 */
  webhookMaxAttempts?: number
  /** default true (5/min modify, 120/min read per reference) */
  rateLimits?: boolean
  /** how long the sandbox waits for a merchant's dynamic shipping callback; default 8000 (no documented ePayment value; 8 s is what integrators report) */
  shippingCallbackTimeoutMs?: number
  /** default: silent */
  log?: (line: string) => void
}

export type Sandbox = { url: string; port: number; close(): Promise<void> }

export const DEFAULT_MERCHANTS: SandboxMerchant[] = [
  { msn: "100001", clientId: "sandbox-nok-client", clientSecret: "sandbox-nok-secret", subscriptionKey: "sandbox-nok-key", market: "NO", name: "Sandbox Vipps NOK" },
  { msn: "200001", clientId: "sandbox-dkk-client", clientSecret: "sandbox-dkk-secret", subscriptionKey: "sandbox-dkk-key", market: "DK", name: "Sandbox MobilePay DKK" },
  { msn: "300001", clientId: "sandbox-eur-client", clientSecret: "sandbox-eur-secret", subscriptionKey: "sandbox-eur-key", market: "FI", name: "Sandbox MobilePay EUR" },
]

/** The sales unit's market fixes the currency (error 5040 otherwise). */
export const MARKET_CURRENCY: Record<SandboxMarket, string> = { NO: "NOK", DK: "DKK", FI: "EUR" }

/** Minimum amounts in minor units (NOTES §3.2 / §11). */
export const MIN_AMOUNT: Record<string, number> = { NOK: 100, DKK: 1, EUR: 1, SEK: 100, USD: 1, GBP: 1 }

export type Amount = { currency: string; value: number }

/** What a route handler produces; the server serialises it. */
export type ApiResponse = {
  status: number
  body?: unknown
  contentType?: string
  headers?: Record<string, string>
}
