import { defineMiddlewares } from "@medusajs/framework/http"

export default defineMiddlewares({
  routes: [
    {
      // The Vipps signature covers the exact bytes of the body: keep them (req.rawBody).
      matcher: "/hooks/vipps/:provider",
      method: ["POST"],
      bodyParser: { preserveRawBody: true },
    },
  ],
})
