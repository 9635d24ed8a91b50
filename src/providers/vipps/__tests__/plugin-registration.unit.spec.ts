import { configManager } from "@medusajs/framework/config"
import { VippsProviderService } from "../service"
import { MISSING_PLUGIN_MESSAGE, assertPluginLoaded } from "../plugin-registration"

const validOptions = {
  environment: "test",
  merchantSerialNumber: "123456",
  clientId: "id",
  clientSecret: "secret",
  subscriptionKey: "key",
  returnUrl: "https://shop.example/return",
}

function loadConfig(modules: Record<string, unknown>) {
  configManager.loadConfig({
    projectConfig: { projectConfig: { http: { jwtSecret: "x", cookieSecret: "x" } }, modules } as any,
    baseDir: process.cwd(),
  })
}

// The installed-package test boots a real store without `plugins` and asserts the same message.
describe("provider registered without the plugin", () => {
  it("has nothing to check outside a Medusa app (no config loaded)", () => {
    expect(() => assertPluginLoaded()).not.toThrow()
  })

  it("stops validation and names the plugins entry to add when the plugin's module is not loaded", () => {
    loadConfig({ payment: { resolve: "@medusajs/medusa/payment" } })
    expect(() => VippsProviderService.validateOptions(validOptions)).toThrow(MISSING_PLUGIN_MESSAGE)
    expect(MISSING_PLUGIN_MESSAGE).toContain('plugins: [{ resolve: "medusa-payment-vipps", options: {} }]')
  })

  it("passes when the plugin (its vipps module) is loaded", () => {
    loadConfig({ payment: { resolve: "@medusajs/medusa/payment" }, vipps: { resolve: "medusa-payment-vipps/modules/vipps" } })
    expect(() => VippsProviderService.validateOptions(validOptions)).not.toThrow()
  })
})
