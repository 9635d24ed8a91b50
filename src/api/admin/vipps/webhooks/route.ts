import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { z } from "zod"
import { listVippsProviders } from "../../../../sales-units"
import { registerWebhook, webhookStatus } from "../../../../webhooks"
import { parseBody } from "../../../../admin-api"

/** Webhook registration status of every Vipps MobilePay provider (secrets are never returned). */
export const GET = async (req: MedusaRequest, res: MedusaResponse) => {
  const providers = await listVippsProviders(req.scope)
  const webhooks = await Promise.all(providers.map((p) => webhookStatus(req.scope, p.id)))
  res.json({ webhooks })
}

export const RegisterWebhookBody = z.object({
  provider_id: z.string().min(1),
  /** Overrides `<webhookBaseUrl>/hooks/vipps/<id>`, e.g. behind a tunnel during development. */
  url: z.string().url().optional(),
  /** Register anew (new secret) even if a registration exists; the old one is deleted. */
  force: z.boolean().optional(),
})

/** Registers (or re-registers with `force`) the store's webhook for one provider. */
export const POST = async (req: MedusaRequest, res: MedusaResponse) => {
  const body = parseBody(RegisterWebhookBody, req.body)
  const webhook = await registerWebhook(req.scope, body.provider_id, { url: body.url, force: body.force })
  res.json({ webhook })
}
