/**
 * Benchmark: the Vipps client against the local sandbox over real HTTP (127.0.0.1 only).
 * Prints figures; asserts nothing. Run: npm run bench
 *
 * Measures the client's own overhead (headers, token cache, zod validation, retries machinery)
 * plus the sandbox, i.e. a floor for what the plugin adds per Vipps call.
 */
import { performance } from "node:perf_hooks"
import { VippsClient, clearTokenCache, idempotencyKey } from "../src/vipps"
import { DEFAULT_MERCHANTS, startSandbox } from "../src/sandbox"

const N = Number(process.env.BENCH_N ?? 400)
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 16)

function percentile(sorted: number[], p: number) {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]
}

async function measure(label: string, count: number, concurrency: number, op: (i: number) => Promise<unknown>) {
  const latencies: number[] = []
  let next = 0
  const started = performance.now()
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) {
        const i = next++
        const t = performance.now()
        await op(i)
        latencies.push(performance.now() - t)
      }
    })
  )
  const elapsed = performance.now() - started
  latencies.sort((a, b) => a - b)
  console.log(
    `${label.padEnd(34)} n=${String(count).padStart(4)} c=${String(concurrency).padStart(2)}  ` +
      `p50=${percentile(latencies, 50).toFixed(2)}ms  p95=${percentile(latencies, 95).toFixed(2)}ms  ` +
      `max=${latencies[latencies.length - 1].toFixed(2)}ms  ${(count / (elapsed / 1000)).toFixed(0)} ops/s`
  )
}

// Like Vipps, the sandbox approves only as a named test user of the sales unit's market (+47).
const NORWEGIAN_TEST_USER = "4791234567"

async function main() {
  const sandbox = await startSandbox({ port: 0, rateLimits: false })
  const merchant = DEFAULT_MERCHANTS[0]
  const client = new VippsClient({
    environment: sandbox.url,
    clientId: merchant.clientId,
    clientSecret: merchant.clientSecret,
    subscriptionKey: merchant.subscriptionKey,
    merchantSerialNumber: merchant.msn,
    systemName: "medusa",
    systemVersion: "2.21.2",
    pluginName: "medusa-payment-vipps",
    pluginVersion: "bench",
    logger: { info() {}, warn() {}, error() {} },
  })
  try {
    clearTokenCache()
    const t = performance.now()
    await client.getAccessToken()
    console.log(`cold access token fetch: ${(performance.now() - t).toFixed(2)}ms`)
    await measure("cached token lookup", N, 1, () => client.getAccessToken())

    const refs: string[] = []
    await measure("create payment", N, CONCURRENCY, async (i) => {
      const reference = `bench-${Date.now().toString(36)}-${i}`
      refs.push(reference)
      await client.epayment.createPayment(
        { amount: { value: 10000, currency: "NOK" }, paymentMethod: { type: "WALLET" }, reference, userFlow: "WEB_REDIRECT", returnUrl: "https://shop.example/r" },
        idempotencyKey("create", reference)
      )
    })
    await measure("get payment", N, CONCURRENCY, (i) => client.epayment.getPayment(refs[i % refs.length]))
    await measure("get payment (sequential)", N, 1, (i) => client.epayment.getPayment(refs[i % refs.length]))
    await measure("force approve", N, CONCURRENCY, (i) => client.epayment.forceApprove(refs[i], { customer: { phoneNumber: NORWEGIAN_TEST_USER } }))
    await measure("capture 40.00", N, CONCURRENCY, (i) =>
      client.epayment.capturePayment(refs[i], { value: 4000, currency: "NOK" }, idempotencyKey("capture", refs[i], 0, 4000))
    )
    await measure("capture replay (same key)", N, CONCURRENCY, (i) =>
      client.epayment.capturePayment(refs[i], { value: 4000, currency: "NOK" }, idempotencyKey("capture", refs[i], 0, 4000))
    )
    await measure("events", N, CONCURRENCY, (i) => client.epayment.getPaymentEvents(refs[i]))
  } finally {
    await sandbox.close()
  }
}

main().catch((error) => {
  console.error(error)
  process.exit(1)
})
