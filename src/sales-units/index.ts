/**
 * Sales units: the Vipps MobilePay provider registrations of this store (`pp_vipps_<id>`, one
 * per merchant serial number), found from outside the payment module, each with its own
 * options and Vipps client.
 * May call: the payment module, Medusa's query (regions), the provider (types only).
 */
export * from "./providers"
export * from "./currencies"
