import { Readable } from "node:stream"
import { buildPaymentList, parsePaymentListQuery, paymentListCsv, vippsAdminRoute } from "../../../../admin-api"

/**
 * `GET /admin/vipps/payment-attempts`: the payments page's list (every Vipps payment attempt,
 * stored data only), with search `q`, filters state/msn/provider_id/created_from/created_to/
 * attention, paging limit/offset and the needs-attention counts. `format=csv`: the whole
 * filtered list as CSV (masked), streamed a page at a time. See docs/payments-page.md.
 */
export const GET = vippsAdminRoute(async (req, res) => {
  const query = parsePaymentListQuery(req.query as Record<string, unknown>)
  if (query.format === "csv") {
    const day = new Date().toISOString().slice(0, 10)
    res.setHeader("Content-Type", "text/csv; charset=utf-8")
    res.setHeader("Content-Disposition", `attachment; filename="vipps-payments-${day}.csv"`)
    res.status(200)
    await new Promise<void>((resolve, reject) => {
      Readable.from(paymentListCsv(req.scope, query)).on("error", reject).pipe(res).on("finish", resolve).on("error", reject)
    })
    return
  }
  res.json(await buildPaymentList(req.scope, query))
})
