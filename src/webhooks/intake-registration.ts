import type { MedusaContainer } from "@medusajs/framework/types"
import { VIPPS_MODULE, VippsModuleService } from "../modules/vipps"

/**
 * The registration (URL and secret) the intake verifies signatures with, cached per provider
 * registration in this process for a short while: the intake then needs no read for it. A
 * signature that does not verify against a cached secret is checked once more against the
 * stored one (the secret may have been replaced by another process, e.g. a forced
 * re-registration), so a new secret is never refused for longer than one delivery's read.
 */
export type IntakeRegistration = {
  url: string
  secret: string
  cached: boolean
  /** The secret a re-registration replaced, accepted until `previousUntil` (deliveries already signed with it). */
  previousSecret?: string
  previousUntil?: number
}

const TTL_MS = 30_000
const cache = new Map<string, Omit<IntakeRegistration, "cached"> & { until: number }>()

export async function intakeRegistration(container: MedusaContainer, providerId: string, options: { fresh?: boolean } = {}): Promise<IntakeRegistration | undefined> {
  const hit = cache.get(providerId)
  if (hit && !options.fresh && hit.until > Date.now()) {
    const { until: _until, ...registration } = hit
    return { ...registration, cached: true }
  }
  const vipps = container.resolve<VippsModuleService>(VIPPS_MODULE)
  const [row] = await vipps.listVippsWebhookRegistrations(
    { provider_id: providerId },
    { take: 1, select: ["url", "secret", "previous_secret", "previous_secret_until"] }
  )
  if (!row) {
    cache.delete(providerId)
    return undefined
  }
  const registration = {
    url: row.url,
    secret: row.secret,
    ...(row.previous_secret && row.previous_secret_until
      ? { previousSecret: row.previous_secret, previousUntil: new Date(row.previous_secret_until).getTime() }
      : {}),
  }
  cache.set(providerId, { ...registration, until: Date.now() + TTL_MS })
  return { ...registration, cached: false }
}

/** After this process registered (or replaced) a provider's webhook: read it again next time. */
export function forgetIntakeRegistration(providerId: string) {
  cache.delete(providerId)
}
