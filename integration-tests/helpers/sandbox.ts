import axios, { AxiosInstance } from "axios"
import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { startSandbox, type Sandbox } from "../../src/sandbox"

jest.setTimeout(120_000)

/** Talks to the sandbox's control API, the way a test (or a shopper's phone) would. */
export class SandboxControl {
  readonly http: AxiosInstance

  constructor(readonly url: string) {
    this.http = axios.create({ baseURL: url, validateStatus: () => true, maxRedirects: 0 })
  }

  async payment(reference: string) {
    const res = await this.http.get(`/_sandbox/payments/${encodeURIComponent(reference)}`)
    if (res.status !== 200) throw new Error(`sandbox has no payment ${reference}: ${res.status}`)
    return res.data as {
      state: string
      amount: { value: number; currency: string }
      paymentDescription: string | null
      paymentMethod: { type: string }
      aggregate: Record<"authorizedAmount" | "capturedAmount" | "refundedAmount" | "cancelledAmount", { value: number }>
      events: { name: string; amount: { value: number }; success: boolean; idempotencyKey?: string | null }[]
    }
  }

  /** Approve, reject or expire a payment; an Express approval names the test profile and shipping option. */
  async act(reference: string, action: "approve" | "reject" | "expire", body: { profile?: "NO" | "DK" | "FI"; shippingOptionId?: string } = {}) {
    const res = await this.http.post(`/_sandbox/payments/${encodeURIComponent(reference)}/${action}`, body)
    if (res.status >= 300) throw new Error(`sandbox ${action} failed: ${res.status} ${JSON.stringify(res.data)}`)
  }

  /** Approves like a shopper on the landing page: open the redirect URL, press "Approve", follow to the return URL. */
  async approveOnLandingPage(redirectUrl: string): Promise<string> {
    const page = await this.http.get(redirectUrl)
    if (page.status !== 200) throw new Error(`landing page answered ${page.status}`)
    const token = new URL(redirectUrl).searchParams.get("token")!
    const res = await this.http.post("/landing/approve", new URLSearchParams({ token }).toString(), {
      headers: { "content-type": "application/x-www-form-urlencoded" },
    })
    if (res.status !== 303) throw new Error(`approve answered ${res.status}`)
    return res.headers.location as string
  }

  async requests(filter: { method?: string; pathContains?: string } = {}) {
    const res = await this.http.get("/_sandbox/requests", { params: filter })
    return res.data.requests as {
      method: string
      path: string
      headers: Record<string, string>
      body: any
      status: number
    }[]
  }

  async fault(rule: { method?: string; pathContains?: string; count: number; kind: "error" | "timeout"; status?: number; code?: string; delayMs?: number; apply?: boolean }) {
    const res = await this.http.post("/_sandbox/faults", rule)
    if (res.status >= 300) throw new Error(`sandbox fault rejected: ${res.status}`)
  }

  /** What the customer's bank does to the payment's next captures: 6260 (funds released, final) or 6280 (`count` transient refusals). */
  async captureError(reference: string, code: "6260" | "6280", opts: { count?: number; status?: number } = {}) {
    const res = await this.http.post(`/_sandbox/payments/${encodeURIComponent(reference)}/capture-error`, { code, ...opts })
    if (res.status >= 300) throw new Error(`sandbox capture-error rejected: ${res.status} ${JSON.stringify(res.data)}`)
  }

  /** Sets (or with null removes) the payment's captureGuaranteedUntil at Vipps. */
  async captureGuarantee(reference: string, until: string | null) {
    const res = await this.http.post(`/_sandbox/payments/${encodeURIComponent(reference)}/capture-guarantee`, { until })
    if (res.status >= 300) throw new Error(`sandbox capture-guarantee rejected: ${res.status} ${JSON.stringify(res.data)}`)
  }

  async clearFaults() {
    await this.http.delete("/_sandbox/faults")
  }

  /** What the business portal does: capture, refund or cancel outside Medusa. */
  async portal(reference: string, action: "capture" | "refund" | "cancel", value?: number) {
    const res = await this.http.post(`/_sandbox/payments/${encodeURIComponent(reference)}/${action}`, value === undefined ? {} : { value })
    if (res.status >= 300) throw new Error(`sandbox portal ${action} failed: ${res.status} ${JSON.stringify(res.data)}`)
  }

  /** Moves the sandbox clock forward (capture / cancel / refund periods, expiry); resetClock() goes back. */
  async advanceClock(ms: number) {
    const res = await this.http.post("/_sandbox/clock", { advance_ms: ms })
    if (res.status !== 200) throw new Error(`sandbox clock rejected: ${res.status} ${JSON.stringify(res.data)}`)
    return res.data as { now: string; offset_ms: number }
  }

  async resetClock() {
    await this.http.delete("/_sandbox/clock")
  }

  async webhookMode(mode: "deliver" | "drop" | "delay" | "fail", delayMs?: number) {
    await this.http.post("/_sandbox/webhooks/mode", { mode, delayMs })
  }

  async deliveries() {
    const res = await this.http.get("/_sandbox/webhooks/deliveries")
    return res.data.deliveries as { registrationId: string; url: string; event: string; reference: string; attempt: number; status: number | string }[]
  }

  async webhooks(msn = "100001") {
    const res = await this.http.get("/_sandbox/requests", { params: { method: "POST", pathContains: "/webhooks/v1/webhooks" } })
    return { registrations: res.data.requests.filter((r: any) => r.headers["merchant-serial-number"] === msn) }
  }
}

type SuiteOptions = Parameters<Parameters<typeof medusaIntegrationTestRunner>[0]["testSuite"]>[0]

/**
 * A real Medusa app (medusa-config.ts at the repo root, plugin loaded from source) on real
 * PostgreSQL, talking to a real sandbox over HTTP on a free port.
 */
export function vippsIntegrationSuite(
  testSuite: (options: SuiteOptions & { sandbox: () => SandboxControl }) => void,
  env: Record<string, string> = {}
) {
  let sandbox: Sandbox | undefined
  let control: SandboxControl | undefined
  const previous = new Map<string, string | undefined>()

  // Runs before the Medusa runner's own beforeAll, so medusa-config.ts sees the sandbox URL.
  beforeAll(async () => {
    sandbox = await startSandbox({ port: 0, webhookRetryBaseMs: 200 })
    control = new SandboxControl(sandbox.url)
    process.env.VIPPS_ENVIRONMENT = sandbox.url
    // The runner loads medusa-config.ts before applying its own `env`: set the suite's here.
    for (const [name, value] of Object.entries(env)) {
      previous.set(name, process.env[name])
      process.env[name] = value
    }
  })
  afterAll(async () => {
    await sandbox?.close()
    for (const [name, value] of previous) {
      if (value === undefined) delete process.env[name]
      else process.env[name] = value
    }
  })

  medusaIntegrationTestRunner({
    env: { VIPPS_TIMEOUT_MS: "2000", VIPPS_RETRY_BASE_MS: "50", ...env },
    testSuite: (options) => testSuite({ ...options, sandbox: () => control! }),
  })
}

/** Polls `check` until it returns a truthy value (events are processed asynchronously). */
export async function eventually<T>(check: () => Promise<T | undefined | null | false>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs
  let last: unknown
  while (Date.now() < deadline) {
    try {
      const value = await check()
      if (value) return value
    } catch (error) {
      last = error
    }
    await new Promise((resolve) => setTimeout(resolve, 200))
  }
  throw new Error(`condition not met within ${timeoutMs} ms${last ? `: ${(last as Error).message}` : ""}`)
}
