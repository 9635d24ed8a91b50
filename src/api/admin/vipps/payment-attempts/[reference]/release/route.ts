import { buildAttemptDetail, releaseAttempt, vippsAdminRoute } from "../../../../../../admin-api"

/** `POST /admin/vipps/payment-attempts/:reference/release`: releases an authorized attempt without an order (all that is left), answers as GET. */
export const POST = vippsAdminRoute(async (req, res) => {
  const released = await releaseAttempt(req.scope, req.params.reference)
  res.json({ released, ...(await buildAttemptDetail(req.scope, req.params.reference)) })
})
