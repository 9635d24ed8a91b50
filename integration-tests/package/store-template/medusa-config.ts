import { defineConfig, loadEnv } from "@medusajs/framework/utils"

loadEnv(process.env.NODE_ENV || "development", process.cwd())

// The README's install section, as a merchant writes it. VIPPS_PACKAGE_TEST_WITHOUT_PLUGIN=1
// leaves out the `plugins` entry: the test expects the boot to stop and say what to add.
const withPlugin = process.env.VIPPS_PACKAGE_TEST_WITHOUT_PLUGIN !== "1"

module.exports = defineConfig({
  projectConfig: {
    databaseUrl: process.env.DATABASE_URL,
    databaseDriverOptions: { connection: { ssl: false } },
    http: {
      storeCors: process.env.STORE_CORS!,
      adminCors: process.env.ADMIN_CORS!,
      authCors: process.env.AUTH_CORS!,
      jwtSecret: process.env.JWT_SECRET || "supersecret",
      cookieSecret: process.env.COOKIE_SECRET || "supersecret",
    },
  },
  plugins: withPlugin ? [{ resolve: "medusa-payment-vipps", options: {} }] : [],
  modules: [
    {
      resolve: "@medusajs/medusa/payment",
      options: {
        providers: [
          {
            resolve: "medusa-payment-vipps/providers/vipps",
            id: "vipps",
            options: {
              environment: process.env.VIPPS_ENVIRONMENT,
              merchantSerialNumber: process.env.VIPPS_MSN,
              clientId: process.env.VIPPS_CLIENT_ID,
              clientSecret: process.env.VIPPS_CLIENT_SECRET,
              subscriptionKey: process.env.VIPPS_SUBSCRIPTION_KEY,
              returnUrl: "https://shop.example/checkout/vipps?reference={reference}&token={token}",
              webhookBaseUrl: process.env.VIPPS_WEBHOOK_BASE_URL,
              referencePrefix: "pkgtest",
              paymentDescription: "Order from the package test store",
            },
          },
        ],
      },
    },
  ],
})
