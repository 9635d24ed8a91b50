// Public entry of the local Vipps MobilePay ePayment sandbox ("the other side of the wire").
// Node built-ins plus `qrcode` (pure JS, for QR images): no plugin code, no Medusa packages.
export type { SandboxMarket, SandboxMerchant, SandboxOptions, Sandbox } from "./types"
export { DEFAULT_MERCHANTS } from "./types"
export { startSandbox } from "./server"
// Extras (not part of the core contract, but handy for tests of webhook receivers).
export { signWebhook, eventType } from "./webhooks"
