import { Modules } from "@medusajs/framework/utils"
import type { MedusaContainer } from "@medusajs/framework/types"
import type { VippsProviderService } from "../providers/vipps/service"

/**
 * Access to the registered Vipps MobilePay provider instances from outside the payment module
 * (routes, subscribers, jobs). Each registration (e.g. `pp_vipps_vipps` for a NOK merchant,
 * `pp_vipps_mobilepay` for a DKK one) has its own options and Vipps client.
 *
 * Medusa exposes providers only inside the payment module, so this goes through the module's
 * provider service (`retrieveProvider`), the same lookup the module itself uses.
 */
type PaymentModuleInternals = {
  paymentProviderService_?: { retrieveProvider(id: string): unknown }
  listPaymentProviders(filters?: Record<string, unknown>): Promise<{ id: string; is_enabled: boolean }[]>
}

export const VIPPS_PROVIDER_PREFIX = "pp_vipps_"

function isVippsProvider(instance: unknown): instance is VippsProviderService {
  return (instance as { constructor?: { identifier?: string } })?.constructor?.identifier === "vipps"
}

/** `vipps` → `pp_vipps_vipps`; a full provider id is returned unchanged. */
export function toProviderId(idOrRegistration: string): string {
  return idOrRegistration.startsWith(VIPPS_PROVIDER_PREFIX) ? idOrRegistration : `${VIPPS_PROVIDER_PREFIX}${idOrRegistration}`
}

/** The Vipps provider registered under `providerId` (`pp_vipps_<id>` or just `<id>`), or undefined. */
export function resolveVippsProvider(container: MedusaContainer, providerId: string): VippsProviderService | undefined {
  const paymentModule = container.resolve(Modules.PAYMENT) as unknown as PaymentModuleInternals
  try {
    const id = toProviderId(providerId)
    const instance = paymentModule.paymentProviderService_?.retrieveProvider(id)
    if (!isVippsProvider(instance)) return undefined
    instance.bindProviderId(id)
    return instance
  } catch {
    return undefined
  }
}

/** Every Vipps provider registration of this store: `[{ id: "pp_vipps_vipps", provider }]`. */
export async function listVippsProviders(container: MedusaContainer) {
  const paymentModule = container.resolve(Modules.PAYMENT) as unknown as PaymentModuleInternals
  const providers = await paymentModule.listPaymentProviders({})
  return providers
    .filter((p) => p.id.startsWith(VIPPS_PROVIDER_PREFIX))
    .map((p) => ({ id: p.id, provider: resolveVippsProvider(container, p.id) }))
    .filter((p): p is { id: string; provider: VippsProviderService } => !!p.provider)
}
