// The list's search, filters, tab and page, kept in the page's URL (as Medusa's own list pages
// do): a reload, a shared link or the way back from a payment shows the same list.
import { useCallback, useMemo } from "react"
import { useSearchParams } from "react-router-dom"
import { ATTENTION_REASONS, type AttentionReason, type PaymentListFilters, VIPPS_STATES } from "../../lib/payment-list-types"

export const PAGE_SIZE = 20

export type ListState = {
  filters: PaymentListFilters
  pageIndex: number
  set: (change: Partial<Record<"q" | "state" | "msn" | "from" | "to" | "attention", string | null>>) => void
  setPage: (pageIndex: number) => void
}

const isReason = (value: string): value is AttentionReason => (ATTENTION_REASONS as readonly string[]).includes(value)

export function useListState(): ListState {
  const [params, setParams] = useSearchParams()
  const filters = useMemo<PaymentListFilters>(() => {
    const attention = params.get("attention") ?? ""
    const page = Math.max(0, Number(params.get("page") ?? 0) || 0)
    return {
      q: params.get("q") ?? undefined,
      states: (params.get("state") ?? "").split(",").filter((s) => (VIPPS_STATES as readonly string[]).includes(s)),
      msn: params.get("msn") ?? undefined,
      created_from: params.get("from") ?? undefined,
      created_to: params.get("to") ?? undefined,
      attention: attention === "any" || isReason(attention) ? attention : undefined,
      limit: PAGE_SIZE,
      offset: page * PAGE_SIZE,
    }
  }, [params])

  const set = useCallback<ListState["set"]>(
    (change) =>
      setParams(
        (previous) => {
          const next = new URLSearchParams(previous)
          for (const [name, value] of Object.entries(change)) {
            if (value) next.set(name, value)
            else next.delete(name)
          }
          next.delete("page") // a new search or filter starts on its first page
          return next
        },
        { replace: true }
      ),
    [setParams]
  )

  const setPage = useCallback(
    (pageIndex: number) =>
      setParams(
        (previous) => {
          const next = new URLSearchParams(previous)
          if (pageIndex > 0) next.set("page", String(pageIndex))
          else next.delete("page")
          return next
        },
        { replace: true }
      ),
    [setParams]
  )

  return { filters, pageIndex: (filters.offset ?? 0) / PAGE_SIZE, set, setPage }
}
