import type { MedusaContainer } from "@medusajs/framework/types"
import { z } from "zod"
import { MedusaError } from "@medusajs/framework/utils"
import { ExamplesFreshness, evidenceBundle, evidenceMarkdown, examplesFreshness, lastGoLiveEvidence, lastGoLiveReports, runGoLiveCheck } from "../go-live"
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
  const now = new Date()
  return Promise.all(
    ids.map(async (id) => {
      const stored = reports[id] ? await lastGoLiveEvidence(container, id) : null
      // Judged now, not when the check ran: the panel says when the examples are too old to send.
      return { provider_id: id, report: reports[id], evidence: stored ? examplesFreshness(stored.evidence?.examples ?? [], now) : null }
    })
  )
}

/** `?provider=vipps&format=md|json` of GET /admin/vipps/go-live/evidence. */
export const GoLiveEvidenceQuery = z.object({
  provider: z.string().trim().min(1, "provider is required, e.g. pp_vipps_vipps"),
  format: z.enum(["md", "json"]).default("md"),
})

/** The evidence of the provider's last go-live run as a file to download (its age judged now). */
export async function goLiveEvidenceFile(container: MedusaContainer, query: z.output<typeof GoLiveEvidenceQuery>) {
  const providerId = toProviderId(query.provider)
  const stored = await lastGoLiveEvidence(container, providerId)
  if (!stored) throw new MedusaError(MedusaError.Types.NOT_FOUND, `The go-live check has not run for ${providerId} yet: run it first.`)
  const now = new Date()
  const bundle = evidenceBundle(stored.report, stored.evidence, now)
  const name = `vipps-go-live-evidence-${providerId}-${now.toISOString().slice(0, 10)}.${query.format}`
  return query.format === "json"
    ? { filename: name, contentType: "application/json; charset=utf-8", body: `${JSON.stringify(bundle, null, 2)}\n` }
    : { filename: name, contentType: "text/markdown; charset=utf-8", body: evidenceMarkdown(bundle) }
}

export function runGoLive(container: MedusaContainer, body: z.output<typeof RunGoLiveBody>) {
  return runGoLiveCheck(container, toProviderId(body.provider_id), { phone: body.phone })
}

export type { GoLiveReport, GoLiveItem, GoLiveReference, GoLiveFailure } from "../go-live"
export type { ExamplesFreshness, EvidenceBundle } from "../go-live"
export type GoLiveReportsResponse = { providers: { provider_id: string; report: import("../go-live").GoLiveReport | null; evidence: ExamplesFreshness | null }[] }
