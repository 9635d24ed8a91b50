import { writeFileSync } from "node:fs"
import path from "node:path"
import type { ExecArgs } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { describeFailure, evidenceBundle, evidenceMarkdown, lastGoLiveEvidence, reportMarkdown, runGoLiveCheck } from "../go-live"
import { listVippsProviders, toProviderId } from "../sales-units"

/**
 * The Vipps MobilePay go-live check, per provider registration (all of them unless provider=<id>):
 *   npx medusa exec ./node_modules/medusa-payment-vipps/.medusa/server/src/scripts/vipps-go-live.js \
 *     [provider=<id>] [phone=<test user's number>]
 * (`medusa exec` passes positional arguments only and refuses unknown `--options`; `--provider x`
 * and `--phone=x` are read too, for callers of this function.)
 * Writes ./vipps-go-live-<provider id>.md and .json, and the evidence for the checklist form
 * (./vipps-go-live-evidence-<provider id>.md), in the working directory, stores the report
 * (the settings page shows the last one) and exits with code 1 when an item failed. Run it while
 * the Medusa server is up: the check waits for the webhooks of its test payments to arrive there.
 */
export function parseGoLiveArgs(args: string[]): { provider?: string; phone?: string } {
  const value = (name: string) => {
    const inline = args.find((a) => a.startsWith(`--${name}=`) || a.startsWith(`${name}=`))
    if (inline) return inline.slice(inline.indexOf("=") + 1)
    const at = args.indexOf(`--${name}`)
    return at >= 0 && args[at + 1] && !args[at + 1].startsWith("--") ? args[at + 1] : undefined
  }
  return { provider: value("provider"), phone: value("phone") }
}

export default async function vippsGoLive({ container, args }: ExecArgs) {
  const logger = container.resolve(ContainerRegistrationKeys.LOGGER)
  const { provider, phone } = parseGoLiveArgs(args ?? [])
  const ids = provider ? [toProviderId(provider)] : (await listVippsProviders(container)).map((p) => p.id)
  if (!ids.length) logger.error("Vipps MobilePay go-live check: no Vipps MobilePay provider is registered in medusa-config.ts.")
  let failed = !ids.length
  for (const id of ids) {
    try {
      const report = await runGoLiveCheck(container, id, { phone })
      const file = path.resolve(process.cwd(), `vipps-go-live-${id}`)
      writeFileSync(`${file}.md`, reportMarkdown(report))
      writeFileSync(`${file}.json`, `${JSON.stringify(report, null, 2)}\n`)
      const stored = await lastGoLiveEvidence(container, id)
      const evidenceFile = path.resolve(process.cwd(), `vipps-go-live-evidence-${id}.md`)
      writeFileSync(evidenceFile, evidenceMarkdown(evidenceBundle(report, stored?.evidence ?? null, new Date())))
      for (const item of report.items) {
        const line = `  ${item.status.toUpperCase().padEnd(7)} ${item.title}: ${item.error ? describeFailure(item.error) : item.detail}`
        if (item.status === "fail") logger.warn(line)
        else logger.info(line)
      }
      logger.info(`Vipps MobilePay go-live check for ${id} (${report.mode}): ${report.passed ? "PASSED" : "FAILED"}. Report: ${file}.md and .json`)
      logger.info(`  Send Vipps MobilePay: ${report.send_to_vipps} Checklist answers and request examples: ${evidenceFile}`)
      failed ||= !report.passed
    } catch (error) {
      failed = true
      logger.error(`Vipps MobilePay go-live check for ${id} could not run: ${(error as Error).message}`)
    }
  }
  if (failed) process.exitCode = 1
}
