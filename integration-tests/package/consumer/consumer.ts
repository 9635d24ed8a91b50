// Compiled under `strict` inside the installed-package test store, once per module resolution a
// consumer may use (tsconfig.json: node16; tsconfig.node.json: node, as the official starter's
// storefront has it; tsconfig.bundler.json: bundler): every export of the package must come with
// types. A missing declaration fails here with TS7016 ("Could not find a declaration file") or
// TS2307; the @ts-expect-error lines fail if the types collapse to `any`. Only the package's own
// exports are imported (under "node", @medusajs/framework's subpaths do not resolve at all).
import { captureVippsFulfillmentWorkflow, releaseVippsPaymentWorkflow } from "medusa-payment-vipps/workflows"
import vippsProvider, { VippsProviderService, parseVippsOptions, type VippsOptions } from "medusa-payment-vipps/providers/vipps"
import vippsModule, { VIPPS_MODULE, VippsModuleService } from "medusa-payment-vipps/modules/vipps"
import { DEFAULT_MERCHANTS, startSandbox, type Sandbox } from "medusa-payment-vipps/sandbox"
import { PLUGIN_NAME } from "medusa-payment-vipps/version"
import { isVippsProvider, startVippsPayment } from "medusa-payment-vipps/storefront"
import { VippsButton, type VippsButtonProps } from "medusa-payment-vipps/storefront/react"

type MedusaContainer = Parameters<typeof captureVippsFulfillmentWorkflow>[0]

export async function retryCapture(container: MedusaContainer, fulfillmentId: string) {
  await captureVippsFulfillmentWorkflow(container).run({ input: { fulfillment_id: fulfillmentId } })
}

export const workflows = [captureVippsFulfillmentWorkflow, releaseVippsPaymentWorkflow]

export const options: VippsOptions = parseVippsOptions({
  environment: "test",
  merchantSerialNumber: "123456",
  clientId: "id",
  clientSecret: "secret",
  subscriptionKey: "key",
  returnUrl: "https://shop.example/return",
})
// @ts-expect-error userFlow is a union of the four Vipps flows, not any string
export const wrongFlow: VippsOptions["userFlow"] = "SMOKE_SIGNALS"

export const identifier: string = VippsProviderService.identifier
export const moduleKey: "vipps" = VIPPS_MODULE
export const definitions = [vippsProvider, vippsModule, VippsModuleService]

export async function sandbox(): Promise<Sandbox> {
  const running = await startSandbox({ port: 0 })
  // @ts-expect-error the sandbox's url is a string
  const port: boolean = running.url
  void port
  return running
}

export const merchants: string[] = DEFAULT_MERCHANTS.map((merchant) => merchant.msn)
export const name: string = PLUGIN_NAME

export const vippsOnly: boolean = isVippsProvider("pp_vipps_vipps")
export const start = startVippsPayment
export const button = VippsButton
// @ts-expect-error the button's market is one of the Vipps MobilePay markets, not a number
export const wrongButton: VippsButtonProps = { market: 47 }
