import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { VIPPS_PROVIDER_PREFIX } from "../sales-units"

/**
 * How a provider registration is named in the admin: "Vipps MobilePay (NOK)" rather than
 * `pp_vipps_vipps`: the currency tells support which sales unit it is. Without a currency
 * (not enabled in any region yet) the registration id stands in: "Vipps MobilePay (vipps)".
 */
export function providerName(providerId: string, currencies: string[]): string {
  const unique = [...new Set(currencies.map((c) => c.toUpperCase()))]
  const detail = unique.length ? unique.join(", ") : providerId.replace(VIPPS_PROVIDER_PREFIX, "")
  return `Vipps MobilePay (${detail})`
}

/** Currencies of the regions each payment provider is enabled in: `{ pp_vipps_vipps: ["nok"] }`. */
export async function providerCurrencies(container: MedusaContainer): Promise<Record<string, string[]>> {
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const { data } = await query.graph({ entity: "region", fields: ["currency_code", "payment_providers.id"] })
  const result: Record<string, string[]> = {}
  for (const region of data as { currency_code: string; payment_providers?: ({ id: string } | null)[] }[]) {
    for (const provider of region.payment_providers ?? []) {
      if (provider) (result[provider.id] ??= []).push(region.currency_code)
    }
  }
  return result
}
