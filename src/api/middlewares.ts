import { defineMiddlewares } from "@medusajs/framework/http"
import { addShopperCodeToCompletion, addShopperLanguageToSession } from "./shopper-language"

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
    {
      // The stable code of the plugin's shopper text beside Medusa's error.message.
      matcher: "/store/carts/:id/complete",
      method: ["POST"],
      middlewares: [addShopperCodeToCompletion],
    },
    {
      // A Vipps payment in the cart's language (its locale) unless the storefront said one.
      matcher: "/store/payment-collections/:id/payment-sessions",
      method: ["POST"],
      middlewares: [addShopperLanguageToSession],
    },
  ],
})
