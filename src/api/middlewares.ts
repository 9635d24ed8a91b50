import { defineMiddlewares } from "@medusajs/framework/http"

export default defineMiddlewares({
  routes: [
    {
      // The Vipps signature covers the exact bytes of the body: keep them (req.rawBody).
      matcher: "/hooks/vipps/:provider",
      method: ["POST"],
      bodyParser: { preserveRawBody: true },
    },
    {
      // Vipps's dynamic shipping callback (express): JSON, sent as application/json;charset=UTF-8.
      matcher: "/hooks/vipps/:provider/shipping",
      method: ["POST"],
      bodyParser: { sizeLimit: "64kb" },
    },
  ],
})
