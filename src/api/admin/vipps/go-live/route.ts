import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { RunGoLiveBody, goLiveReports, parseBody, runGoLive, vippsAdminRoute } from "../../../../admin-api"

/** `GET /admin/vipps/go-live`: the last go-live report of every Vipps MobilePay provider (null if never run). */
export const GET = async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  res.json({ providers: await goLiveReports(req.scope) })
}

/** `POST /admin/vipps/go-live` `{ provider_id, phone? }`: runs the check now and answers its report. */
export const POST = vippsAdminRoute(async (req, res) => {
  const body = parseBody(RunGoLiveBody, req.body)
  res.json({ report: await runGoLive(req.scope, body) })
})
