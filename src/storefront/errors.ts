export type VippsStorefrontErrorCode =
  | "unsupported_currency" // the cart's currency is not NOK, DKK or EUR
  | "no_provider" // the cart's region has no Vipps MobilePay provider enabled
  | "several_providers" // the region has more than one and none was chosen
  | "no_redirect" // the payment session came back without a redirect_url
  | "request_failed" // a Store API call failed (status says how)
  | "invalid_request" // the kit was called without what it needs (e.g. startVippsExpress without a cart or variant)

/**
 * An error of the storefront kit: `message` is a sentence for the shopper (in their language),
 * `code` what happened, `detail` the explanation for the developer (English: log it).
 */
export class VippsStorefrontError extends Error {
  readonly code: VippsStorefrontErrorCode
  /** HTTP status of the failed Store API call, when there was one. */
  readonly status?: number
  /** For the developer: what exactly went wrong (e.g. which provider is missing on the region). */
  readonly detail?: string

  constructor(code: VippsStorefrontErrorCode, message: string, status?: number, detail?: string) {
    super(message)
    this.name = "VippsStorefrontError"
    this.code = code
    this.status = status
    this.detail = detail
  }
}

/** The HTTP status of an error thrown by the js-sdk (`FetchError.status`), if any. */
export function httpStatusOf(error: unknown): number | undefined {
  const status = (error as { status?: unknown } | null)?.status
  return typeof status === "number" ? status : undefined
}

export function messageOf(error: unknown): string {
  return error instanceof Error && error.message ? error.message : String(error)
}
