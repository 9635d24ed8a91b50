import { buildPaymentView } from "../../../../../admin-api"
import { vippsAdminRoute } from "../../../../../admin-api"

/**
 * `GET /admin/vipps/payments/:id` (a Medusa payment id): the order card's data — state,
 * amounts, capture deadline and the event log (Vipps events merged with received webhooks).
 * When Vipps cannot be reached the answer is still 200 with the stored data and `error`.
 */
export const GET = vippsAdminRoute(async (req, res) => {
  res.json({ payment: await buildPaymentView(req.scope, req.params.id) })
})
