import { buildAttemptDetail, vippsAdminRoute } from "../../../../../admin-api"

/** `GET /admin/vipps/payment-attempts/:reference`: one attempt, its cart, its event log and what may be released. */
export const GET = vippsAdminRoute(async (req, res) => {
  res.json(await buildAttemptDetail(req.scope, req.params.reference))
})
