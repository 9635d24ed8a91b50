import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { editableSettingsView, updateEditableSettings } from "../../../../../admin-api"
import { toProviderId } from "../../../../../sales-units"

/** `GET /admin/vipps/settings/:provider`: the admin-editable settings of one registration and their history. */
export const GET = async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  const id = toProviderId(req.params.provider)
  res.json({ provider_id: id, ...(await editableSettingsView(req.scope, id)) })
}

/**
 * `POST /admin/vipps/settings/:provider` with e.g. `{ "capture": "shipment", "express": { "enabled": true } }`;
 * `null` or `{ "reset": ["capture"] }` goes back to the medusa-config value. 400 with the
 * option's message when a value is refused; effective at the next checkout or fulfilment in
 * every process. Recorded with the admin's id and email.
 */
export const POST = async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  const id = toProviderId(req.params.provider)
  res.json({ provider_id: id, ...(await updateEditableSettings(req.scope, id, req.body, req.auth_context?.actor_id)) })
}
