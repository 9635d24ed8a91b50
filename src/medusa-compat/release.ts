// The Medusa releases this version of the plugin supports, and the boot check that protects a
// merchant whose package manager only warns about peer ranges (pnpm, yarn).
import { MedusaError } from "@medusajs/framework/utils"

/** The oldest Medusa release the plugin runs on; package.json's peer ranges start here. */
export const OLDEST_SUPPORTED_MEDUSA = "2.18.0"
/** The newest Medusa release this version of the plugin was tested on (the installed-package test). */
export const NEWEST_TESTED_MEDUSA = "2.21.2"

export type MedusaReleaseVerdict =
  | { verdict: "supported"; version: string }
  | { verdict: "untested"; version: string; message: string }
  | { verdict: "unsupported"; version: string; message: string }

type Parsed = [number, number, number, string]

function parse(version: string): Parsed | undefined {
  const match = /^(\d+)\.(\d+)\.(\d+)(?:-([0-9A-Za-z.-]+))?/.exec(version.trim())
  return match ? [Number(match[1]), Number(match[2]), Number(match[3]), match[4] ?? ""] : undefined
}

/** Semver order of two x.y.z[-pre] versions (a pre-release sorts before its release). */
export function compareReleases(a: string, b: string): number {
  const [pa, pb] = [parse(a), parse(b)]
  if (!pa || !pb) throw new Error(`not a release version: ${!pa ? a : b}`)
  for (let i = 0; i < 3; i++) if (pa[i] !== pb[i]) return (pa[i] as number) - (pb[i] as number)
  if (pa[3] === pb[3]) return 0
  if (!pa[3]) return 1
  if (!pb[3]) return -1
  return pa[3] < pb[3] ? -1 : 1
}

const RANGE = `${OLDEST_SUPPORTED_MEDUSA} or newer (tested up to ${NEWEST_TESTED_MEDUSA})`

/** What the plugin makes of the installed Medusa release. */
export function judgeMedusaRelease(version: string): MedusaReleaseVerdict {
  if (!parse(version) || compareReleases(version, OLDEST_SUPPORTED_MEDUSA) < 0) {
    return {
      verdict: "unsupported",
      version,
      message:
        `medusa-payment-vipps does not run on Medusa ${version}: it supports Medusa ${RANGE}. ` +
        `Upgrade the store's @medusajs/* packages to ${NEWEST_TESTED_MEDUSA} (all of them to the same version), ` +
        `run \`npx medusa db:migrate\`, and start again — or install a release of medusa-payment-vipps made for Medusa ${version}.`,
    }
  }
  if (compareReleases(version, NEWEST_TESTED_MEDUSA) > 0) {
    return {
      verdict: "untested",
      version,
      message:
        `medusa-payment-vipps was tested on Medusa ${OLDEST_SUPPORTED_MEDUSA} to ${NEWEST_TESTED_MEDUSA}, not on ${version}, which this store runs. ` +
        `It starts, but check a test payment end to end (checkout, capture on fulfilment, refund) before you take orders, ` +
        `and look for a newer medusa-payment-vipps.`,
    }
  }
  return { verdict: "supported", version }
}

/** The installed @medusajs/medusa release, or undefined outside a Medusa app. */
export function installedMedusaVersion(): string | undefined {
  try {
    return require("@medusajs/medusa/package.json").version as string
  } catch {
    return undefined
  }
}

type BootLogger = { error(message: string): void; warn(message: string): void }

export const UNSUPPORTED_MEDUSA_STOPPED =
  "medusa-payment-vipps cannot run on this Medusa release: the error logged just before this names it, the supported range and what to do."

let warnedAbout: string | undefined

/**
 * At boot: throws (after logging the full message once) on a Medusa below the supported range;
 * warns once per process on a release newer than the newest tested one.
 */
export function assertSupportedMedusa(logger: BootLogger, version: string | undefined): MedusaReleaseVerdict | undefined {
  if (version === undefined) return undefined
  const judged = judgeMedusaRelease(version)
  if (judged.verdict === "unsupported") {
    logger.error(judged.message)
    throw new MedusaError(MedusaError.Types.INVALID_DATA, UNSUPPORTED_MEDUSA_STOPPED)
  }
  if (judged.verdict === "untested" && warnedAbout !== version) {
    warnedAbout = version
    logger.warn(judged.message)
  }
  return judged
}
