import { vippsAdminRoute } from "../../../../../../admin-api"
import { releaseRemainder } from "../../../../../../admin-api"
import { buildPaymentView } from "../../../../../../admin-api"
import { fromMinorUnits } from "../../../../../../vipps"

/** `POST /admin/vipps/payments/:id/release`: releases everything still reserved (uncaptured) at Vipps. */
export const POST = vippsAdminRoute(async (req, res) => {
  const released = await releaseRemainder(req.scope, req.params.id)
  const payment = await buildPaymentView(req.scope, req.params.id)
  res.json({ released: fromMinorUnits(released, payment.currency), payment })
})
