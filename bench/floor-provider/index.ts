/**
 * P2's floor, for the benchmark only (medusa-config.ts registers it when the bench's stack sets
 * BENCH_FLOOR_PROVIDER to this folder): the least a Vipps payment session can cost in Medusa.
 * It makes the one create call every Vipps integration must make (plain node:http, keep-alive,
 * a token fetched once, none of the plugin's code) and returns the answer as session data, which
 * Medusa then writes to the session row (pp_system_default returns no data, so Medusa writes
 * nothing). The Vipps provider's cost above this floor is the plugin's own.
 * Authorization and the rest accept everything without calling Vipps: only sessions are measured.
 */
import http from "node:http"
import { AbstractPaymentProvider, MathBN, ModuleProvider, Modules, PaymentSessionStatus } from "@medusajs/framework/utils"
import type {
  AuthorizePaymentInput, AuthorizePaymentOutput, CancelPaymentInput, CancelPaymentOutput, CapturePaymentInput,
  CapturePaymentOutput, DeletePaymentInput, DeletePaymentOutput, GetPaymentStatusInput, GetPaymentStatusOutput,
  InitiatePaymentInput, InitiatePaymentOutput, RefundPaymentInput, RefundPaymentOutput, RetrievePaymentInput,
  RetrievePaymentOutput, UpdatePaymentInput, UpdatePaymentOutput, WebhookActionResult,
} from "@medusajs/framework/types"

type FloorOptions = { environment: string; merchantSerialNumber: string; clientId: string; clientSecret: string; subscriptionKey: string; returnUrl: string }

const agent = new http.Agent({ keepAlive: true })

// Plain node:http, not bench/lib/http.ts (fetch): the floor must carry no client overhead of its own.
function post(url: string, headers: Record<string, string>, body?: unknown): Promise<any> {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : JSON.stringify(body)
    const req = http.request(url, { method: "POST", agent, headers: { Accept: "application/json", ...(payload ? { "Content-Type": "application/json" } : {}), ...headers } }, (res) => {
      const chunks: Buffer[] = []
      res.on("data", (c: Buffer) => chunks.push(c))
      res.on("end", () => {
        const text = Buffer.concat(chunks).toString("utf8")
        if ((res.statusCode ?? 0) >= 300) reject(new Error(`floor provider: ${url} answered ${res.statusCode}: ${text.slice(0, 300)}`))
        else resolve(JSON.parse(text))
      })
    })
    req.on("error", reject)
    req.end(payload)
  })
}

class FloorProviderService extends AbstractPaymentProvider<FloorOptions> {
  static identifier = "bench-floor"
  private token_?: Promise<string>

  constructor(container: Record<string, unknown>, private readonly floor: FloorOptions) {
    super(container, floor)
  }

  private headers(): Record<string, string> {
    return { "Merchant-Serial-Number": this.floor.merchantSerialNumber, "Ocp-Apim-Subscription-Key": this.floor.subscriptionKey }
  }

  private token(): Promise<string> {
    this.token_ ??= post(`${this.floor.environment}/accesstoken/get`, { ...this.headers(), client_id: this.floor.clientId, client_secret: this.floor.clientSecret }).then((t) => t.access_token)
    return this.token_
  }

  async initiatePayment({ amount, currency_code, data }: InitiatePaymentInput): Promise<InitiatePaymentOutput> {
    const reference = `floor-${String(data?.session_id).replace(/_/g, "-")}`
    // Whole currencies with two decimals (the bench's demo region is NOK).
    const value = MathBN.convert(amount).multipliedBy(100).toNumber()
    const headers = { ...this.headers(), Authorization: `Bearer ${await this.token()}`, "Idempotency-Key": reference }
    const created = await post(`${this.floor.environment}/epayment/v1/payments`, headers, {
      amount: { value, currency: currency_code.toUpperCase() },
      paymentMethod: { type: "WALLET" },
      reference,
      userFlow: "WEB_REDIRECT",
      returnUrl: this.floor.returnUrl.replace("{reference}", reference),
      paymentDescription: "Order from the Medusa demo store",
    })
    return { id: reference, status: PaymentSessionStatus.PENDING, data: { reference, redirect_url: created.redirectUrl, amount: value, currency: currency_code.toUpperCase() } }
  }

  async authorizePayment({ data }: AuthorizePaymentInput): Promise<AuthorizePaymentOutput> {
    return { status: PaymentSessionStatus.AUTHORIZED, data }
  }
  async capturePayment({ data }: CapturePaymentInput): Promise<CapturePaymentOutput> {
    return { data }
  }
  async refundPayment({ data }: RefundPaymentInput): Promise<RefundPaymentOutput> {
    return { data }
  }
  async cancelPayment({ data }: CancelPaymentInput): Promise<CancelPaymentOutput> {
    return { data }
  }
  async deletePayment({ data }: DeletePaymentInput): Promise<DeletePaymentOutput> {
    return { data }
  }
  async retrievePayment({ data }: RetrievePaymentInput): Promise<RetrievePaymentOutput> {
    return { data }
  }
  async updatePayment({ data }: UpdatePaymentInput): Promise<UpdatePaymentOutput> {
    return { data }
  }
  async getPaymentStatus({ data }: GetPaymentStatusInput): Promise<GetPaymentStatusOutput> {
    return { status: PaymentSessionStatus.AUTHORIZED, data }
  }
  async getWebhookActionAndData(): Promise<WebhookActionResult> {
    return { action: "not_supported" }
  }
}

export default ModuleProvider(Modules.PAYMENT, { services: [FloorProviderService] })
