import Medusa from "@medusajs/js-sdk"

/**
 * The admin's own Medusa client: same origin as the dashboard, the logged-in admin's session
 * cookie as authentication (the plugin's routes live under /admin, so Medusa checks it).
 */
export const sdk = new Medusa({
  baseUrl: "/",
  auth: { type: "session" },
})
