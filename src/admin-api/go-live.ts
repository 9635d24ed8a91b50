import type { MedusaContainer } from "@medusajs/framework/types"
import { z } from "zod"
import { lastGoLiveReports, runGoLiveCheck } from "../go-live"
import { listVippsProviders, toProviderId } from "../sales-units"

/** The settings page's go-live panel: the last report per provider, and running the check. */
export const RunGoLiveBody = z.object({
  provider_id: z.string().min(1, "provider_id is required, e.g. pp_vipps_vipps"),
  /** A test user's phone number (test environment): the check's payments are approved as this user. */
  phone: z.string().trim().min(1).optional(),
})

export async function goLiveReports(container: MedusaContainer) {
  const ids = (await listVippsProviders(container)).map((p) => p.id)
  const reports = await lastGoLiveReports(container, ids)
  return ids.map((id) => ({ provider_id: id, report: reports[id] }))
}

export function runGoLive(container: MedusaContainer, body: z.output<typeof RunGoLiveBody>) {
  return runGoLiveCheck(container, toProviderId(body.provider_id), { phone: body.phone })
}

export type { GoLiveReport, GoLiveItem, GoLiveReference, GoLiveFailure } from "../go-live"
export type GoLiveReportsResponse = { providers: { provider_id: string; report: import("../go-live").GoLiveReport | null }[] }
