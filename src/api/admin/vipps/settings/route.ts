import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { vippsSettings } from "../../../../admin-api"

/**
 * `GET /admin/vipps/settings`: per Vipps MobilePay provider registration a live connection check
 * (token + a harmless read), the webhook registration status and the active options, with
 * the client secret and subscription key masked.
 */
export const GET = async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  res.json({ providers: await vippsSettings(req.scope) })
}
