import { AmountBody, parseBody, vippsAdminRoute } from "../../../../../../admin-api"
import { refundAmount } from "../../../../../../admin-api"
import { buildPaymentView } from "../../../../../../admin-api"

/** `POST /admin/vipps/payments/:id/refund` `{ amount: "15.00" }`: refunds exactly that amount at Vipps. */
export const POST = vippsAdminRoute(async (req, res) => {
  const { amount } = parseBody(AmountBody, req.body)
  await refundAmount(req.scope, req.params.id, amount, req.auth_context?.actor_id)
  res.json({ payment: await buildPaymentView(req.scope, req.params.id) })
})
