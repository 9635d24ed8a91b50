import Medusa from "@medusajs/js-sdk"

/**
 * The admin's own Medusa client, pointed where the dashboard itself sends its requests: the
 * backend URL the dashboard was built with (`admin.backendUrl`, exposed to plugins as
 * `__BACKEND_URL__`, as Medusa's docs for plugin admin customizations show), so a dashboard
 * hosted apart from the server works; "/" (same origin) when none is configured. The logged-in
 * admin's session cookie authenticates (the plugin's routes live under /admin).
 */
export const sdk = new Medusa({
  baseUrl: (typeof __BACKEND_URL__ !== "undefined" && __BACKEND_URL__) || "/",
  auth: { type: "session" },
})
