import { Module } from "@medusajs/framework/utils"
import VippsModuleService from "./service"

export const VIPPS_MODULE = "vipps"

export default Module(VIPPS_MODULE, {
  service: VippsModuleService,
})

export { VippsModuleService }
export * from "./movement-journal"
export * from "./settings-store"
export * from "./webhook-inbox"
