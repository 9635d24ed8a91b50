import { AmountBody, parseBody, vippsAdminRoute } from "../../../../../../lib/admin-http"
import { refundAmount } from "../../../../../../lib/admin-payment-actions"
import { buildPaymentView } from "../../../../../../lib/admin-payment-view"

/** `POST /admin/vipps/payments/:id/refund` `{ amount: "15.00" }`: refunds exactly that amount at Vipps. */
export const POST = vippsAdminRoute(async (req, res) => {
  const { amount } = parseBody(AmountBody, req.body)
  await refundAmount(req.scope, req.params.id, amount, req.auth_context?.actor_id)
  res.json({ payment: await buildPaymentView(req.scope, req.params.id) })
})
