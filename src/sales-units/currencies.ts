import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"

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
