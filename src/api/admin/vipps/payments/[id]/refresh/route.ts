import { vippsAdminRoute } from "../../../../../../admin-api"
import { refreshFromVipps } from "../../../../../../admin-api"
import { buildPaymentView } from "../../../../../../admin-api"

/**
 * `POST /admin/vipps/payments/:id/refresh`: reads the payment at Vipps and records in Medusa what
 * happened elsewhere (captures, refunds, cancels made in the Vipps business portal).
 */
export const POST = vippsAdminRoute(async (req, res) => {
  const sync = await refreshFromVipps(req.scope, req.params.id)
  res.json({ sync: { outcome: sync.outcome, state: sync.state ?? null, message: sync.message ?? null }, payment: await buildPaymentView(req.scope, req.params.id) })
})
