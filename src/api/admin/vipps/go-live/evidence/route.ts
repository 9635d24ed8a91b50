import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { GoLiveEvidenceQuery, goLiveEvidenceFile, parseBody } from "../../../../../admin-api"

/**
 * `GET /admin/vipps/go-live/evidence?provider=vipps&format=md|json`: what to send Vipps MobilePay
 * with the checklist form, from the provider's last go-live run, as a download (Markdown by
 * default). It says plainly when the request examples are more than one month old.
 */
export const GET = async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  const file = await goLiveEvidenceFile(req.scope, parseBody(GoLiveEvidenceQuery, req.query))
  res.setHeader("Content-Type", file.contentType)
  res.setHeader("Content-Disposition", `attachment; filename="${file.filename}"`)
  res.setHeader("Cache-Control", "no-store")
  res.status(200).send(file.body)
}
