// The payments list routes (src/api/admin/vipps/payment-attempts): list, one attempt, its
// refresh/release, and the CSV export of the filtered list. Query keys are shared with the order
// card so an action on either refreshes the other.
import { saveDownload } from "../../lib/download"
import { sdk } from "../../lib/sdk"
import { type PaymentListFilters, type VippsPaymentAttemptResponse, type VippsPaymentListResponse, paymentListQuery } from "../../lib/payment-list-types"

const BASE = "/admin/vipps/payment-attempts"

/** Every list query starts with this key: invalidate it after an action. */
export const LIST_KEY = ["vipps-payment-attempts"] as const

export const listKey = (filters: PaymentListFilters) => [...LIST_KEY, "list", paymentListQuery(filters)]

export const attemptKey = (reference: string) => [...LIST_KEY, "attempt", reference]

export const fetchList = (filters: PaymentListFilters) => sdk.client.fetch<VippsPaymentListResponse>(BASE, { query: paymentListQuery(filters) })

export const fetchAttempt = (reference: string) => sdk.client.fetch<VippsPaymentAttemptResponse>(`${BASE}/${encodeURIComponent(reference)}`)

/** POST …/:reference/refresh (reads Vipps now) or …/release (the whole remaining reservation). */
export const postAttempt = (reference: string, action: "refresh" | "release") =>
  sdk.client.fetch<VippsPaymentAttemptResponse>(`${BASE}/${encodeURIComponent(reference)}/${action}`, { method: "POST", body: {} })

/**
 * Downloads the filtered list as the server's CSV (every matching row, not just the page): the
 * admin's own authenticated request, saved under the name the server gives it.
 */
export async function downloadCsv(filters: PaymentListFilters): Promise<string> {
  const response = await sdk.client.fetch<Response>(BASE, { query: paymentListQuery(filters, "csv"), headers: { accept: "text/csv" } })
  return saveDownload(response, "vipps-payments.csv")
}
