import { AmountBody, parseBody, vippsAdminRoute } from "../../../../../../admin-api"
import { captureAmount } from "../../../../../../admin-api"
import { buildPaymentView } from "../../../../../../admin-api"

/** `POST /admin/vipps/payments/:id/capture` `{ amount: "40.00" }`: captures exactly that amount at Vipps. */
export const POST = vippsAdminRoute(async (req, res) => {
  const { amount } = parseBody(AmountBody, req.body)
  await captureAmount(req.scope, req.params.id, amount, req.auth_context?.actor_id)
  res.json({ payment: await buildPaymentView(req.scope, req.params.id) })
})
