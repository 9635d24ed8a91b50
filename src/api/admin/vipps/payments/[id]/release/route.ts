import { vippsAdminRoute } from "../../../../../../lib/admin-http"
import { releaseRemainder } from "../../../../../../lib/admin-payment-actions"
import { buildPaymentView } from "../../../../../../lib/admin-payment-view"
import { fromMinorUnits } from "../../../../../../vipps"

/** `POST /admin/vipps/payments/:id/release`: releases everything still reserved (uncaptured) at Vipps. */
export const POST = vippsAdminRoute(async (req, res) => {
  const released = await releaseRemainder(req.scope, req.params.id)
  const payment = await buildPaymentView(req.scope, req.params.id)
  res.json({ released: fromMinorUnits(released, payment.currency), payment })
})
