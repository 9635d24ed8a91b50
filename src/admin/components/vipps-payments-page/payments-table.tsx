// The payments list: Medusa's DataTable with the server doing the work (search, filters,
// pagination: GET /admin/vipps/payment-attempts, stored data only, never a Vipps call), the
// needs-attention tab, a reload of the stored list and the CSV export of the filtered list.
import { Button, Container, DataTable, type DataTableFilteringState, Heading, Text, createDataTableFilterHelper, toast, useDataTable } from "@medusajs/ui"
import { keepPreviousData, useQuery } from "@tanstack/react-query"
import { useMemo, useState } from "react"
import { useLocation, useNavigate } from "react-router-dom"
import { withoutFinalStop } from "../../lib/format"
import { VIPPS_STATES, type VippsPaymentListRow, localDay, paymentListQuery } from "../../lib/payment-list-types"
import { useVippsTranslation } from "../../lib/use-vipps-translation"
import { AttentionBar } from "./attention-bar"
import { usePaymentColumns } from "./columns"
import { PAGE_SIZE, useListState } from "./list-state"
import { downloadCsv, fetchList, listKey } from "./query"

const filter = createDataTableFilterHelper<VippsPaymentListRow>()

/** Local midnight of a "YYYY-MM-DD" day (or of today minus `daysAgo`), as the date filter's ISO value. */
const dayStart = (day: string) => new Date(`${day}T00:00:00`).toISOString()
const daysAgo = (days: number) => {
  const date = new Date()
  date.setDate(date.getDate() - days)
  return dayStart(localDay(date.toISOString())!)
}

export function PaymentsTable() {
  const { t } = useVippsTranslation()
  const navigate = useNavigate()
  const location = useLocation()
  const list = useListState()
  const [exporting, setExporting] = useState(false)
  const query = useQuery({
    queryKey: listKey(list.filters),
    queryFn: () => fetchList(list.filters),
    placeholderData: keepPreviousData,
  })
  const data = query.data
  const columns = usePaymentColumns(data?.sales_units ?? [])

  const filters = useMemo(
    () => [
      filter.accessor("state", { type: "multiselect", label: t("card.vippsState"), options: VIPPS_STATES.map((s) => ({ label: s, value: s })) }),
      filter.accessor("msn", {
        type: "radio",
        label: t("paymentsPage.column.salesUnit"),
        options: (data?.sales_units ?? []).map((u) => ({ label: `${u.name} (${u.msn})`, value: u.msn })),
      }),
      filter.accessor("created_at", {
        type: "date",
        label: t("paymentsPage.filter.created"),
        format: "date",
        rangeOptionLabel: t("paymentsPage.filter.custom"),
        rangeOptionStartLabel: t("paymentsPage.filter.from"),
        rangeOptionEndLabel: t("paymentsPage.filter.to"),
        options: [
          { label: t("paymentsPage.filter.today"), value: { $gte: daysAgo(0) } },
          { label: t("paymentsPage.filter.last7"), value: { $gte: daysAgo(6) } },
          { label: t("paymentsPage.filter.last30"), value: { $gte: daysAgo(29) } },
        ],
      }),
    ],
    [t, data?.sales_units]
  )

  // The URL's filters as the DataTable's filtering state, and back.
  const filtering = useMemo<DataTableFilteringState>(() => {
    const state: DataTableFilteringState = {}
    const f = list.filters
    if (f.states?.length) state.state = f.states
    if (f.msn) state.msn = f.msn
    if (f.created_from || f.created_to) {
      state.created_at = {
        ...(f.created_from ? { $gte: dayStart(f.created_from) } : {}),
        ...(f.created_to ? { $lte: dayStart(f.created_to) } : {}),
      }
    }
    return state
  }, [list.filters])

  const onFilteringChange = (next: DataTableFilteringState) => {
    const created = (next.created_at ?? null) as { $gte?: string; $lte?: string } | null
    list.set({
      state: Array.isArray(next.state) && next.state.length ? (next.state as string[]).join(",") : null,
      msn: typeof next.msn === "string" && next.msn ? next.msn : null,
      from: localDay(created?.$gte) ?? null,
      to: localDay(created?.$lte) ?? null,
    })
  }

  const table = useDataTable({
    data: data?.payments ?? [],
    columns,
    getRowId: (row) => row.reference,
    rowCount: data?.count ?? 0,
    isLoading: query.isLoading,
    filters,
    filtering: { state: filtering, onFilteringChange },
    search: { state: list.filters.q ?? "", onSearchChange: (q) => list.set({ q: q || null }), debounce: 400 },
    pagination: {
      state: { pageIndex: list.pageIndex, pageSize: PAGE_SIZE },
      onPaginationChange: (p) => list.setPage(p.pageIndex),
    },
    autoResetPageIndex: false,
    onRowClick: (_event, row) => {
      // The DataTable hands over its row model's row (its `original` is our row).
      const reference = (row as unknown as { original?: VippsPaymentListRow }).original?.reference ?? row.reference
      navigate(`/vipps/${encodeURIComponent(reference)}`, { state: { from: location.search } })
    },
  })

  const exportCsv = async () => {
    setExporting(true)
    try {
      await downloadCsv(list.filters)
    } catch (error) {
      toast.error(t("paymentsPage.exportFailed"), { description: withoutFinalStop((error as Error).message) })
    } finally {
      setExporting(false)
    }
  }

  return (
    <Container
      className="divide-y p-0"
      data-testid="vipps-payments"
      data-state={query.isLoading ? "loading" : query.isError ? "error" : query.isFetching ? "fetching" : "ready"}
      // The query the rows shown answer (empty while a new one loads): tests wait for it.
      data-query={query.isFetching || query.isPlaceholderData ? "" : new URLSearchParams(paymentListQuery(list.filters)).toString()}
      data-count={data?.count}
    >
      <div className="flex items-start justify-between gap-4 px-6 py-4">
        <div className="min-w-0 flex-1">
          <Heading level="h1">Vipps MobilePay</Heading>
          <Text size="small" className="text-ui-fg-subtle">{t("paymentsPage.intro")}</Text>
        </div>
        <div className="flex shrink-0 gap-2">
          <Button size="small" variant="secondary" title={t("paymentsPage.reloadHint")} isLoading={query.isFetching && !query.isLoading} data-testid="vipps-payments-reload" onClick={() => query.refetch()}>
            {t("paymentsPage.reload")}
          </Button>
          <Button size="small" variant="secondary" isLoading={exporting} data-testid="vipps-payments-export" onClick={exportCsv}>
            {t("paymentsPage.exportCsv")}
          </Button>
        </div>
      </div>
      <AttentionBar attention={list.filters.attention} summary={data?.attention} onChange={(attention) => list.set({ attention })} />
      {query.isError && (
        <Text size="small" className="text-ui-fg-error px-6 py-4" data-testid="vipps-payments-error">
          {t("paymentsPage.loadFailed", { reason: withoutFinalStop((query.error as Error).message) })}
        </Text>
      )}
      <DataTable instance={table}>
        <DataTable.Toolbar className="flex flex-wrap items-center justify-between gap-2" translations={{ clearAll: t("paymentsPage.filter.clearAll") }}>
          <DataTable.FilterMenu tooltip={t("paymentsPage.filter.add")} />
          <div className="w-full max-w-md" data-testid="vipps-payments-search">
            <DataTable.Search placeholder={t("paymentsPage.search")} />
          </div>
        </DataTable.Toolbar>
        <DataTable.Table
          emptyState={{
            empty: { heading: t("paymentsPage.empty.title"), description: t("paymentsPage.empty.text") },
            filtered: { heading: t("paymentsPage.noMatch.title"), description: t("paymentsPage.noMatch.text") },
          }}
        />
        <DataTable.Pagination translations={{ of: t("paymentsPage.pagination.of"), results: t("paymentsPage.pagination.results"), pages: t("paymentsPage.pagination.pages"), prev: t("paymentsPage.pagination.prev"), next: t("paymentsPage.pagination.next") }} />
      </DataTable>
      {data?.count_estimated && (
        // Above 10 000 matches the route counts from PostgreSQL's statistics (an exact count would read every match).
        <Text size="small" className="text-ui-fg-subtle px-6 py-3" data-testid="vipps-payments-count-estimated">
          {t("paymentsPage.countEstimated")}
        </Text>
      )}
    </Container>
  )
}
