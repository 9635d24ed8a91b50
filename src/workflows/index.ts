// Workflows this plugin exports (`medusa-payment-vipps/workflows`).
export * from "./vipps-capture"
export * from "./vipps-admin/release-payment"
