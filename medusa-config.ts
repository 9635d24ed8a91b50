import { defineConfig, loadEnv } from "@medusajs/framework/utils"

loadEnv(process.env.NODE_ENV || "development", process.cwd())

/**
 * A Medusa store that loads this plugin from source. The demo (`npm run demo`) and the
 * integration tests run it; in your own store you register the published package instead
 * (see README).
 *
 * Three merchants, one provider registration each, all pointing at the local sandbox unless
 * VIPPS_ENVIRONMENT says otherwise: Vipps NOK (id "vipps"), MobilePay DKK (id "mobilepay")
 * and MobilePay EUR (id "mobilepay_fi").
 */
const environment = process.env.VIPPS_ENVIRONMENT || "http://127.0.0.1:4545"
const storeUrl = process.env.STORE_URL || "http://localhost:9000"

function vippsProvider(id: string, merchant: { msn: string; client: string }) {
  const prefix = `VIPPS_${id.toUpperCase()}_`
  return {
    resolve: "./src/providers/vipps",
    id,
    options: {
      environment,
      merchantSerialNumber: process.env[`${prefix}MSN`] || merchant.msn,
      clientId: process.env[`${prefix}CLIENT_ID`] || `sandbox-${merchant.client}-client`,
      clientSecret: process.env[`${prefix}CLIENT_SECRET`] || `sandbox-${merchant.client}-secret`,
      subscriptionKey: process.env[`${prefix}SUBSCRIPTION_KEY`] || `sandbox-${merchant.client}-key`,
      returnUrl: process.env.VIPPS_RETURN_URL || `${storeUrl}/vipps/return?reference={reference}`,
      webhookBaseUrl: process.env.VIPPS_WEBHOOK_BASE_URL || undefined,
      referencePrefix: process.env.VIPPS_REFERENCE_PREFIX || "demo",
      paymentDescription: "Order from the Medusa demo store",
      timeoutMs: process.env.VIPPS_TIMEOUT_MS ? Number(process.env.VIPPS_TIMEOUT_MS) : undefined,
      retryBaseMs: process.env.VIPPS_RETRY_BASE_MS ? Number(process.env.VIPPS_RETRY_BASE_MS) : undefined,
      maxRetries: process.env.VIPPS_MAX_RETRIES ? Number(process.env.VIPPS_MAX_RETRIES) : undefined,
      capture: process.env.VIPPS_CAPTURE || undefined,
      // Express checkout (demo and tests): on unless VIPPS_EXPRESS=off; VIPPS_EXPRESS_SHIPPING=dynamic
      // asks the plugin's shipping callback (needs VIPPS_WEBHOOK_BASE_URL).
      express: {
        enabled: process.env.VIPPS_EXPRESS !== "off",
        shipping: process.env.VIPPS_EXPRESS_SHIPPING === "dynamic" ? "dynamic" : "fixed",
      },
    },
  }
}

function databaseUrl() {
  if (process.env.DATABASE_URL) return process.env.DATABASE_URL
  const user = process.env.DB_USERNAME || "postgres"
  const password = process.env.DB_PASSWORD ? `:${encodeURIComponent(process.env.DB_PASSWORD)}` : ""
  const host = process.env.DB_HOST || "localhost"
  const port = process.env.DB_PORT || "5432"
  return `postgres://${user}${password}@${host}:${port}/${process.env.DB_NAME || "medusa-vipps-demo"}`
}

/**
 * Medusa's production topology (README, "Production deployment"): with REDIS_URL set, the event
 * bus, locking, workflow engine and cache go through Redis, so one worker and any number of
 * servers share events, locks and scheduled jobs. Without it nothing changes (in-memory modules,
 * one process), which is what the single-process tests run.
 */
const redisUrl = process.env.REDIS_URL
const redisModules = redisUrl
  ? [
      { resolve: "@medusajs/medusa/event-bus-redis", options: { redisUrl } },
      { resolve: "@medusajs/medusa/workflow-engine-redis", options: { redis: { redisUrl } } },
      {
        resolve: "@medusajs/medusa/locking",
        options: { providers: [{ resolve: "@medusajs/medusa/locking-redis", id: "locking-redis", is_default: true, options: { redisUrl } }] },
      },
      { resolve: "@medusajs/medusa/cache-redis", options: { redisUrl } },
      {
        resolve: "@medusajs/medusa/caching",
        options: { providers: [{ resolve: "@medusajs/medusa/caching-redis", id: "caching-redis", is_default: true, options: { redisUrl } }] },
      },
    ]
  : []

/** The Vipps NOK merchant: the "vipps" registration, and the bench's floor provider calls as it. */
const NOK_MERCHANT = { msn: "100001", client: "nok" }

/**
 * `npm run bench` only: P2's floor, a provider that makes nothing but the create call to the
 * sandbox (bench/floor-provider; BENCH_FLOOR_PROVIDER is its absolute path, set by the bench's
 * stack), so the table can tell the plugin's own cost from what any Vipps session costs.
 */
function benchFloorProvider() {
  const resolve = process.env.BENCH_FLOOR_PROVIDER
  if (!resolve) return []
  const { options } = vippsProvider("vipps", NOK_MERCHANT)
  const { environment, merchantSerialNumber, clientId, clientSecret, subscriptionKey, returnUrl } = options
  return [{ resolve, id: "floor", options: { environment, merchantSerialNumber, clientId, clientSecret, subscriptionKey, returnUrl } }]
}

/**
 * VIPPS_CARD=on: a second registration of the NOK sales unit that takes cards on Vipps
 * MobilePay's card form (id "vipps-card" → pp_vipps_vipps-card; docs/card-payments.md). Off by
 * default, so the other tests see the three registrations they expect.
 */
function cardProvider() {
  if (process.env.VIPPS_CARD !== "on") return []
  const wallet = vippsProvider("vipps", NOK_MERCHANT)
  return [{ ...wallet, id: "vipps-card", options: { ...wallet.options, paymentMethod: "card", express: { enabled: false, shipping: "fixed" } } }]
}

/** "shared" (default: one process does everything), "server" (HTTP only) or "worker" (subscribers and jobs). */
const workerMode = (process.env.MEDUSA_WORKER_MODE || "shared") as "shared" | "worker" | "server"
if (!["shared", "worker", "server"].includes(workerMode)) {
  throw new Error(`MEDUSA_WORKER_MODE must be "shared", "worker" or "server", not "${workerMode}".`)
}

module.exports = defineConfig({
  projectConfig: {
    databaseUrl: databaseUrl(),
    workerMode,
    redisUrl,
    databaseDriverOptions: { connection: { ssl: false } },
    http: {
      storeCors: process.env.STORE_CORS || "http://localhost:8000,http://localhost:9000",
      adminCors: process.env.ADMIN_CORS || "http://localhost:9000,http://localhost:5173",
      authCors: process.env.AUTH_CORS || "http://localhost:8000,http://localhost:9000,http://localhost:5173",
      jwtSecret: process.env.JWT_SECRET || "supersecret",
      cookieSecret: process.env.COOKIE_SECRET || "supersecret",
    },
  },
  admin: {
    // The worker serves no API routes (only /health), so no admin either.
    disable: process.env.MEDUSA_ADMIN_DISABLED === "true" || workerMode === "worker",
  },
  modules: [
    ...redisModules,
    // The plugin's own data (webhook deliveries and registrations). A store that installs the
    // published plugin gets it through `plugins: ["medusa-payment-vipps"]` instead.
    { resolve: "./src/modules/vipps" },
    {
      resolve: "@medusajs/medusa/payment",
      options: {
        providers: [
          vippsProvider("vipps", NOK_MERCHANT),
          vippsProvider("mobilepay", { msn: "200001", client: "dkk" }),
          vippsProvider("mobilepay_fi", { msn: "300001", client: "eur" }),
          ...cardProvider(),
          ...benchFloorProvider(),
        ],
      },
    },
  ],
})
