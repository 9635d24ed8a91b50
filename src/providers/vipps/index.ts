import { ModuleProvider, Modules } from "@medusajs/framework/utils"
import { VippsProviderService } from "./service"

export { VippsProviderService }
export * from "./options"

export default ModuleProvider(Modules.PAYMENT, {
  services: [VippsProviderService],
})
