/**
 * Express checkout (Vipps Hurtigkasse / MobilePay Express): the shopper buys from the product
 * page or the cart without typing an address; name, email, phone, address and the shipping
 * option are chosen in the Vipps MobilePay app. Owns: starting an express payment for a cart
 * or a variant (Medusa's payment session path, the provider adds profile scope and shipping),
 * the Medusa shipping options priced incl. tax for an address (fixed options and the dynamic
 * shipping callback), and, once Vipps authorized, filling the cart from `userDetails` /
 * `shippingDetails` so that its total is exactly the authorized amount — without Medusa's
 * payment-collection refresh, which would delete (and cancel) the authorized session.
 * May call: Medusa's core flows and modules, sales-units, the provider's options and session
 * data, src/vipps. Called by payment-sync (after authorization) and the api routes.
 */
export * from "./start"
export * from "./callback"
export * from "./fill-cart"
export * from "./shipping-options"
export * from "./profile"
