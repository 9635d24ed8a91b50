import { refreshAttempt, vippsAdminRoute } from "../../../../../../admin-api"

/** `POST /admin/vipps/payment-attempts/:reference/refresh`: reads Vipps now (the payment sync), updates what is stored, answers as GET. */
export const POST = vippsAdminRoute(async (req, res) => {
  res.json(await refreshAttempt(req.scope, req.params.reference))
})
