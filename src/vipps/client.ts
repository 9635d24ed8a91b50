// One Vipps MobilePay sales unit (MSN) = one client. Composes the API modules over one HTTP layer.
import { VippsEnvironment, resolveBaseUrl } from "./environment"
import { EPaymentApi, createEPaymentApi } from "./epayment"
import { VippsExchangeRecorder, VippsHttp, VippsHttpConfig, createVippsHttp } from "./http"
import { OrderManagementApi, createOrderManagementApi } from "./order-management"
import { WebhooksApi, createWebhooksApi } from "./webhooks"

/** The HTTP settings (credentials, Vipps-System-* headers, timeouts, retries) plus the environment. */
export type VippsClientOptions = Omit<VippsHttpConfig, "baseUrl"> & {
  /** "test", "production", or a base URL (e.g. the local sandbox "http://127.0.0.1:4545"). */
  environment: VippsEnvironment
}

const MSN_PATTERN = /^[0-9]{4,10}$/
const SYSTEM_HEADER_MAX = 30

export class VippsClient {
  readonly baseUrl: string
  readonly merchantSerialNumber: string
  readonly epayment: EPaymentApi
  readonly webhooks: WebhooksApi
  readonly orderManagement: OrderManagementApi
  private readonly http: VippsHttp
  private readonly options: VippsClientOptions

  constructor(options: VippsClientOptions) {
    assertOptions(options)
    this.options = options
    this.baseUrl = resolveBaseUrl(options.environment)
    this.merchantSerialNumber = options.merchantSerialNumber
    this.http = createVippsHttp({ ...options, baseUrl: this.baseUrl })
    this.epayment = createEPaymentApi(this.http, options.environment)
    this.webhooks = createWebhooksApi(this.http)
    this.orderManagement = createOrderManagementApi(this.http)
  }

  /** The headers every request carries (system headers, MSN, subscription key): what Vipps sees. */
  defaultHeaders(): Record<string, string> {
    const headers = this.http.axios.defaults.headers as unknown as Record<string, unknown>
    return Object.fromEntries(Object.entries(headers).filter((e): e is [string, string] => typeof e[1] === "string"))
  }

  /**
   * The same client (keys, headers, retries, logger, token cache) whose every attempt `recorder`
   * also sees: the go-live check's request examples. This client is left as it is.
   */
  recording(recorder: VippsExchangeRecorder): VippsClient {
    return new VippsClient({ ...this.options, recorder })
  }

  /** A valid access token (cached and shared per base URL + client id + MSN). */
  getAccessToken(): Promise<string> {
    return this.http.getAccessToken()
  }
}

// Fail at start-up with a clear sentence rather than with a 401 on the first payment.
function assertOptions(options: VippsClientOptions): void {
  const required = ["clientId", "clientSecret", "subscriptionKey", "merchantSerialNumber"] as const
  for (const name of required) {
    if (typeof options?.[name] !== "string" || options[name].trim() === "") {
      throw new Error(`Vipps MobilePay option ${name} is required`)
    }
  }
  if (!MSN_PATTERN.test(options.merchantSerialNumber)) {
    throw new Error("Vipps MobilePay merchantSerialNumber must be 4-10 digits")
  }
  const systemHeaders = ["systemName", "systemVersion", "pluginName", "pluginVersion"] as const
  for (const name of systemHeaders) {
    const value = options[name]
    if (typeof value !== "string" || value.trim() === "" || value.length > SYSTEM_HEADER_MAX) {
      throw new Error(`Vipps MobilePay option ${name} must be 1-${SYSTEM_HEADER_MAX} characters`)
    }
  }
}
