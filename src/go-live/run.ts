import type { MedusaContainer } from "@medusajs/framework/types"
import { MedusaError } from "@medusajs/framework/utils"
import { isProductionBaseUrl, resolveBaseUrl } from "../vipps"
import { vippsErrorOf } from "../providers/vipps/medusa-error"
import { VIPPS_MODULE, VippsModuleService } from "../modules/vipps"
import { resolveVippsProvider, toProviderId } from "../sales-units"
import { findProductionReferences } from "./production"
import { sendToVipps } from "./report"
import { checkCredentials, checkCurrency, checkMerchantSerialNumber, checkSystemHeaders, checkWebhookRegistration } from "./setup-checks"
import { runTestPayments, skippedTestPayments } from "./test-payments"
import { GoLiveEvidence, GoLiveItem, GoLiveMode, GoLiveReport, fail } from "./types"
import { checkDeliveries, checkRecentDelivery, deliveryForEvidence } from "./webhook-delivery"
import { createExampleRecorder } from "./examples"

export type GoLiveOptions = {
  /** A test user's phone number (test mode): the three payments are force-approved as this user. */
  phone?: string
  /** How long to wait for the webhooks of the test payments (default 60 s). */
  webhookTimeoutMs?: number
  /** Overrides the mode the environment implies (production for api.vipps.no, else test). */
  mode?: GoLiveMode
}

/** `production` for the production host, `test` for apitest.vipps.no and sandbox URLs. */
export function goLiveModeOf(environment: string): GoLiveMode {
  return environment === "production" || isProductionBaseUrl(resolveBaseUrl(environment)) ? "production" : "test"
}

/** Runs the go-live check for one provider registration and stores the report as its last one. */
export async function runGoLiveCheck(container: MedusaContainer, providerIdOrId: string, options: GoLiveOptions = {}): Promise<GoLiveReport> {
  const providerId = toProviderId(providerIdOrId)
  const resolved = resolveVippsProvider(container, providerId)
  if (!resolved) throw new MedusaError(MedusaError.Types.NOT_FOUND, `No Vipps MobilePay provider is registered as ${providerId}.`)
  // The run's calls go through a recording twin of the provider's client: its request examples.
  const recorder = createExampleRecorder()
  const provider = { options: resolved.options, client: resolved.client.recording(recorder.record) }
  const environment = provider.options.environment
  const mode = options.mode ?? goLiveModeOf(environment)
  const started_at = new Date().toISOString()
  const items: GoLiveItem[] = []

  const credentials = await checkCredentials(provider)
  const connected = credentials.status === "pass"
  items.push(credentials, connected ? await checkMerchantSerialNumber(provider) : fail("msn", "Merchant serial number (MSN)", "Not checked: Vipps MobilePay issued no access token."))
  const { item: currencyItem, currency } = await checkCurrency(container, providerId)
  items.push(currencyItem, checkSystemHeaders(provider))
  const registration = connected ? await checkWebhookRegistration(container, provider, providerId, mode) : fail("webhook_registration", "Webhook registration", "Not checked: Vipps MobilePay issued no access token.")
  items.push(registration)
  const registered = registration.status === "pass"

  let references: GoLiveReport["references"] = []
  let missing: string[] = []
  if (mode === "test") {
    if (!connected || !currency) {
      items.push(...skippedTestPayments(`Skipped: ${!connected ? "no access token" : "no usable currency"} (see above).`))
      items.push(await checkDeliveries(container, providerId, [], { timeoutMs: 0, registered, msn: provider.options.merchantSerialNumber }))
    } else {
      const runId = Date.now().toString(36)
      const payments = await runTestPayments(provider, { runId, currency, phone: options.phone })
      if (vippsErrorOf(payments.createError)?.code === "5040") {
        items[items.indexOf(currencyItem)] = fail("currency", currencyItem.title, `The regions take ${currency}, but this sales unit does not.`, payments.createError)
      }
      items.push(...payments.items)
      references = payments.references
      items.push(
        await checkDeliveries(container, providerId, payments.expectedDeliveries, {
          timeoutMs: options.webhookTimeoutMs ?? 60_000,
          registered,
          msn: provider.options.merchantSerialNumber,
        })
      )
    }
  } else {
    items.push(await checkRecentDelivery(container, providerId, registered))
    if (connected) {
      const found = await findProductionReferences(container, provider, providerId)
      items.push(...found.items)
      references = found.references
      missing = found.missing
    } else {
      missing = ["AUTHORIZED", "CAPTURED", "REFUNDED", "CANCELLED"]
    }
  }

  const passed = items.every((i) => i.status === "pass")
  const base = { provider_id: providerId, mode, environment, base_url: resolveBaseUrl(environment), merchant_serial_number: provider.options.merchantSerialNumber }
  const report: GoLiveReport = { ...base, started_at, finished_at: new Date().toISOString(), passed, items, references, missing, send_to_vipps: "" }
  report.send_to_vipps = sendToVipps(report)
  const delivery = await deliveryForEvidence(container, providerId, mode === "test" ? references.map((r) => r.reference) : undefined)
  const evidence: GoLiveEvidence = { recorded_at: report.finished_at, examples: [...recorder.examples(), ...(delivery ? [delivery] : [])] }
  await storeReport(container, report, evidence)
  return report
}

async function storeReport(container: MedusaContainer, report: GoLiveReport, evidence: GoLiveEvidence) {
  const vipps = container.resolve<VippsModuleService>(VIPPS_MODULE)
  const row = {
    provider_id: report.provider_id,
    mode: report.mode,
    passed: report.passed,
    ran_at: new Date(report.started_at),
    report: report as unknown as Record<string, unknown>,
    evidence: evidence as unknown as Record<string, unknown>,
  }
  const [existing] = await vipps.listVippsGoLiveReports({ provider_id: report.provider_id }, { take: 1 })
  if (existing) await vipps.updateVippsGoLiveReports({ id: existing.id, ...row })
  else await vipps.createVippsGoLiveReports(row)
}

/** The last stored report of each provider id given (null where the check never ran). */
export async function lastGoLiveReports(container: MedusaContainer, providerIds: string[]): Promise<Record<string, GoLiveReport | null>> {
  const vipps = container.resolve<VippsModuleService>(VIPPS_MODULE)
  const rows = providerIds.length ? await vipps.listVippsGoLiveReports({ provider_id: providerIds }) : []
  return Object.fromEntries(providerIds.map((id) => [id, (rows.find((r) => r.provider_id === id)?.report as unknown as GoLiveReport) ?? null]))
}

/** The last stored report of one provider with the request examples recorded beside it. */
export async function lastGoLiveEvidence(container: MedusaContainer, providerId: string): Promise<{ report: GoLiveReport; evidence: GoLiveEvidence | null } | null> {
  const vipps = container.resolve<VippsModuleService>(VIPPS_MODULE)
  const [row] = await vipps.listVippsGoLiveReports({ provider_id: toProviderId(providerId) }, { take: 1 })
  if (!row) return null
  return { report: row.report as unknown as GoLiveReport, evidence: (row.evidence as unknown as GoLiveEvidence | null) ?? null }
}
