// Sent to Vipps in the Vipps-System-Plugin-* headers. A unit test keeps it equal to package.json.
export const PLUGIN_NAME = "medusa-payment-vipps"
export const PLUGIN_VERSION = "0.1.0"
