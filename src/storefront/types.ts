/**
 * Types of the storefront kit. The kit runs in the browser (and in server components or server
 * actions of a storefront), so it imports nothing: the js-sdk client comes in as a parameter.
 */

/** Request headers as `@medusajs/js-sdk` takes them (e.g. the auth headers of a server action). */
export type StoreHeaders = Record<string, string | null | { tags: string[] }>

/**
 * The part of a `@medusajs/js-sdk` `Medusa` instance the kit uses: pass your `sdk` as it is.
 * Kept structural so the kit does not depend on the js-sdk at runtime.
 */
export interface MedusaStoreClient {
  client: {
    fetch<T>(
      input: string,
      init?: { method?: string; query?: Record<string, any>; headers?: StoreHeaders; body?: Record<string, any> }
    ): Promise<T>
  }
}

/** What the kit needs of a Medusa store cart (`HttpTypes.StoreCart` fits). */
export type VippsCart = {
  id: string
  region_id?: string | null
  currency_code: string
  /** The cart's locale (BCP 47, Medusa 2.12.3+): the shopper's language unless the kit is told one. */
  locale?: string | null
  payment_collection?: { id: string } | null
}

/** NO = Vipps (NOK), DK = MobilePay (DKK), FI = MobilePay (EUR). */
export type VippsMarket = "NO" | "DK" | "FI"

/** The answer of `GET /store/vipps/payments/:reference?token=…` (the return page route). */
export type VippsPaymentStatus = {
  reference: string
  /** The Vipps state: CREATED, AUTHORIZED, ABORTED, EXPIRED, TERMINATED. */
  state: string | null
  status: "pending" | "completed" | "authorized" | "failed" | "completion_failed" | "retry_later" | "unknown"
  order_id: string | null
  cart_id: string | null
  /** For the shopper, in their language. */
  message: string | null
  /** The message's stable code (e.g. vipps_payment_aborted), to show a text of your own. */
  code?: string | null
  /** With a code: its parameters, the payment's currency and language (what the kit needs to say it again). */
  params?: Record<string, string | number> | null
  currency?: string | null
  language?: string | null
}

/** One read of the return status, as a plain object (safe to return from a server action). */
export type VippsPaymentCheck =
  | { kind: "answer"; payment: VippsPaymentStatus }
  /** HTTP 429: ask again later, slower. */
  | { kind: "throttled"; retryAfterMs?: number }
  /** No answer, or a 5xx: ask again. */
  | { kind: "unavailable"; message: string }
  /** 404 (the link matches no payment) or another 4xx: asking again will not help. */
  | { kind: "invalid"; httpStatus: number; message: string }
