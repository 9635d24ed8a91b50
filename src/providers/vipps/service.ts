import {
  AbstractPaymentProvider,
  MedusaError,
  PaymentActions,
  PaymentSessionStatus,
} from "@medusajs/framework/utils"
import type {
  AuthorizePaymentInput,
  AuthorizePaymentOutput,
  CancelPaymentInput,
  CancelPaymentOutput,
  CapturePaymentInput,
  CapturePaymentOutput,
  DeletePaymentInput,
  DeletePaymentOutput,
  GetPaymentStatusInput,
  GetPaymentStatusOutput,
  InitiatePaymentInput,
  InitiatePaymentOutput,
  Logger,
  ProviderWebhookPayload,
  RefundPaymentInput,
  RefundPaymentOutput,
  RetrievePaymentInput,
  RetrievePaymentOutput,
  UpdatePaymentInput,
  UpdatePaymentOutput,
  WebhookActionResult,
} from "@medusajs/framework/types"
import {
  CreatePaymentRequest,
  VippsClient,
  assertPayableAmount,
  idempotencyKey,
  isVippsError,
  shopperMessageForState,
  toMinorUnits,
} from "../../vipps"
import { PLUGIN_NAME, PLUGIN_VERSION } from "../../version"
import { MedusaRecords, MovementRecord } from "./medusa-records"
import { toMedusaError, vippsErrorOf } from "./medusa-error"
import { normalizePhoneNumber } from "./phone"
import { VippsOptions, parseVippsOptions } from "./options"
import { buildReference, buildReturnUrl, newReturnToken } from "./reference"
import {
  VippsSessionData,
  aggregateInMinorUnits,
  readSessionData,
  withAuthorization,
  withPayment,
} from "./session-data"
import { VippsState, sessionStatusFor } from "./status"

type InjectedDependencies = { logger: Logger } & Record<string, unknown>

// Codes that mean "this was done already": the operation is a success, not an error.
const ALREADY_DONE = {
  capture: new Set(["6090", "6170"]),
  refund: new Set(["6150", "6180"]),
  cancel: new Set(["6040", "6050", "6070", "6190"]),
}

function medusaVersion(): string {
  try {
    return require("@medusajs/medusa/package.json").version
  } catch {
    return "2"
  }
}

/**
 * Vipps MobilePay ePayment as a Medusa payment provider. Translates Medusa's calls into
 * ePayment calls (through src/vipps) and Vipps states into Medusa statuses; nothing else.
 */
export class VippsProviderService extends AbstractPaymentProvider<VippsOptions> {
  static identifier = "vipps"

  protected readonly options_: VippsOptions
  protected readonly logger_: Logger
  protected readonly client_: VippsClient
  protected readonly records_: MedusaRecords

  static validateOptions(options: Record<string, unknown>): void {
    try {
      parseVippsOptions(options)
    } catch (error) {
      throw new MedusaError(MedusaError.Types.INVALID_DATA, (error as Error).message)
    }
  }

  constructor(container: InjectedDependencies, options: Record<string, unknown>) {
    super(container, options as VippsOptions)
    this.options_ = parseVippsOptions(options)
    this.logger_ = container.logger
    this.records_ = new MedusaRecords(container)
    this.client_ = new VippsClient({
      environment: this.options_.environment,
      clientId: this.options_.clientId,
      clientSecret: this.options_.clientSecret,
      subscriptionKey: this.options_.subscriptionKey,
      merchantSerialNumber: this.options_.merchantSerialNumber,
      systemName: "medusa",
      systemVersion: medusaVersion(),
      pluginName: PLUGIN_NAME,
      pluginVersion: PLUGIN_VERSION,
      timeoutMs: this.options_.timeoutMs,
      maxRetries: this.options_.maxRetries,
      retryBaseMs: this.options_.retryBaseMs,
      logger: this.logger_,
    })
  }

  /** The Vipps client, for the plugin's own routes, subscribers and jobs. */
  get client(): VippsClient {
    return this.client_
  }

  /** The validated options of this registration (includes credentials: never expose them). */
  get options(): VippsOptions {
    return this.options_
  }

  async initiatePayment({ amount, currency_code, data, context }: InitiatePaymentInput): Promise<InitiatePaymentOutput> {
    const sessionId = (data?.session_id as string | undefined) ?? context?.idempotency_key
    if (!sessionId) {
      throw new MedusaError(MedusaError.Types.INVALID_DATA, "Vipps MobilePay needs the payment session id to build a reference.")
    }
    const currency = currency_code.toUpperCase()
    const value = this.toPayableMinorUnits(amount, currency)
    const reference = buildReference(this.options_.referencePrefix, sessionId)
    const userFlow = this.options_.userFlow
    const returnToken = newReturnToken()

    const body: CreatePaymentRequest = {
      amount: { value, currency },
      paymentMethod: { type: "WALLET" },
      reference,
      userFlow,
      paymentDescription: this.options_.paymentDescription,
    }
    if (userFlow === "WEB_REDIRECT" || userFlow === "NATIVE_REDIRECT") {
      body.returnUrl = buildReturnUrl(this.options_.returnUrl, reference, returnToken)
    }
    if (userFlow === "PUSH_MESSAGE" || userFlow === "NATIVE_REDIRECT") {
      const phoneNumber = normalizePhoneNumber(
        (data?.phone_number as string | undefined) ?? context?.customer?.phone ?? undefined,
        currency
      )
      if (phoneNumber) body.customer = { phoneNumber }
      else if (userFlow === "PUSH_MESSAGE") {
        throw new MedusaError(
          MedusaError.Types.INVALID_DATA,
          "Vipps MobilePay needs the customer's mobile number (with country code) to send the payment request to the app."
        )
      }
    }

    const created = await this.call("create", reference, () =>
      this.client_.epayment.createPayment(body, idempotencyKey("create", reference))
    )
    const sessionData: VippsSessionData = {
      session_id: sessionId,
      reference,
      redirect_url: created.redirectUrl,
      user_flow: userFlow,
      state: "CREATED",
      amount: value,
      currency,
      msn: this.options_.merchantSerialNumber,
      return_token: returnToken,
    }
    return { id: reference, status: PaymentSessionStatus.PENDING, data: sessionData }
  }

  async authorizePayment({ data }: AuthorizePaymentInput): Promise<AuthorizePaymentOutput> {
    const session = readSessionData(data)
    const payment = await this.call("get", session.reference, () => this.client_.epayment.getPayment(session.reference))
    const updated = withPayment(session, payment)
    const state = payment.state as VippsState

    if (state !== "AUTHORIZED") {
      // The module would replace this by a generic "not authorized"; our sentence says why.
      throw new MedusaError(MedusaError.Types.PAYMENT_AUTHORIZATION_ERROR, shopperMessageForState(state) ?? `Vipps MobilePay payment is ${state}.`)
    }
    const aggregate = aggregateInMinorUnits(payment)
    if (session.amount !== undefined && aggregate.authorized !== session.amount) {
      // Never accept an authorization that does not match the cart total.
      throw new MedusaError(
        MedusaError.Types.PAYMENT_AUTHORIZATION_ERROR,
        `Vipps MobilePay authorized ${aggregate.authorized} but the cart total is ${session.amount} (minor units of ${session.currency}). The payment was not accepted.`
      )
    }
    const status = sessionStatusFor(state, aggregate)
    return {
      status: status === PaymentSessionStatus.CAPTURED ? PaymentSessionStatus.CAPTURED : PaymentSessionStatus.AUTHORIZED,
      data: withAuthorization(updated, payment.captureGuaranteedUntil),
    }
  }

  async capturePayment({ data, context }: CapturePaymentInput): Promise<CapturePaymentOutput> {
    const session = readSessionData(data)
    const currency = session.currency
    const record = await this.records_.capture(context?.idempotency_key)

    let value: number
    let key: string
    if (record) {
      value = toMinorUnits(record.amount, currency)
      key = idempotencyKey("capture", session.reference, earlierOf(record, currency), value)
    } else {
      // No Capture row to read (called outside Medusa's capture flow): capture what is left.
      const payment = await this.call("get", session.reference, () => this.client_.epayment.getPayment(session.reference))
      const aggregate = aggregateInMinorUnits(payment)
      value = aggregate.authorized - aggregate.captured - aggregate.cancelled
      key = idempotencyKey("capture", session.reference, aggregate.captured, value)
      if (value <= 0) return { data: withPayment(session, payment) }
    }

    if (record) {
      // Read before writing: a capture made in the Vipps portal (or an earlier attempt whose
      // answer was lost) already shows at Vipps; recording it must not capture again. Compare
      // with every capture Medusa holds, so a concurrent capture that reached Vipps first is
      // not mistaken for this one.
      const done = await this.alreadyAtVipps(session, "captured", totalOf(record.others, currency) + value)
      if (done) return { data: done }
    }
    try {
      const result = await this.call("capture", session.reference, () =>
        this.client_.epayment.capturePayment(session.reference, { value, currency }, key)
      )
      return { data: withPayment(session, result) }
    } catch (error) {
      return { data: await this.acceptIfAlreadyDone("capture", session, error) }
    }
  }

  async refundPayment({ amount, data, context }: RefundPaymentInput): Promise<RefundPaymentOutput> {
    const session = readSessionData(data)
    const currency = session.currency
    const value = toMinorUnitsOrThrow(amount, currency)
    const record = await this.records_.refund(context?.idempotency_key)
    const key = record
      ? idempotencyKey("refund", session.reference, earlierOf(record, currency), value)
      : idempotencyKey("refund", session.reference, context?.idempotency_key ?? "", value)

    if (record) {
      const done = await this.alreadyAtVipps(session, "refunded", totalOf(record.others, currency) + value)
      if (done) return { data: done }
    }
    try {
      const result = await this.call("refund", session.reference, () =>
        this.client_.epayment.refundPayment(session.reference, { value, currency }, key)
      )
      return { data: withPayment(session, result) }
    } catch (error) {
      return { data: await this.acceptIfAlreadyDone("refund", session, error) }
    }
  }

  async cancelPayment({ data }: CancelPaymentInput): Promise<CancelPaymentOutput> {
    const session = readSessionData(data)
    const payment = await this.call("get", session.reference, () => this.client_.epayment.getPayment(session.reference))
    const state = payment.state as VippsState
    const aggregate = aggregateInMinorUnits(payment)
    const releasable = aggregate.authorized - aggregate.captured - aggregate.cancelled
    const nothingToRelease =
      state === "ABORTED" || state === "EXPIRED" || state === "TERMINATED" ||
      (state === "AUTHORIZED" && releasable <= 0)
    if (nothingToRelease) return { data: withPayment(session, payment) }

    try {
      const result = await this.call("cancel", session.reference, () =>
        this.client_.epayment.cancelPayment(
          session.reference,
          // While CREATED, only cancel if the shopper has not approved meanwhile.
          { cancelTransactionOnly: state === "CREATED" },
          idempotencyKey("cancel", session.reference, state)
        )
      )
      return { data: withPayment(session, result) }
    } catch (error) {
      if (vippsErrorOf(error)?.code === "6060") {
        // The shopper approved while we cancelled: release the fresh reservation too.
        return this.cancelPayment({ data: { ...session, state: "AUTHORIZED" } })
      }
      return { data: await this.acceptIfAlreadyDone("cancel", session, error) }
    }
  }

  async deletePayment({ data }: DeletePaymentInput): Promise<DeletePaymentOutput> {
    const session = readSessionData(data, { optional: true })
    if (!session) return { data: data ?? {} }
    // A deleted session must not leave money reserved: cancel whatever is still open.
    return this.cancelPayment({ data: session })
  }

  async retrievePayment({ data }: RetrievePaymentInput): Promise<RetrievePaymentOutput> {
    const session = readSessionData(data)
    const payment = await this.call("get", session.reference, () => this.client_.epayment.getPayment(session.reference))
    return { data: withPayment(session, payment) }
  }

  async getPaymentStatus({ data }: GetPaymentStatusInput): Promise<GetPaymentStatusOutput> {
    const session = readSessionData(data)
    const payment = await this.call("get", session.reference, () => this.client_.epayment.getPayment(session.reference))
    return {
      status: sessionStatusFor(payment.state as VippsState, aggregateInMinorUnits(payment)),
      data: withPayment(session, payment),
    }
  }

  async updatePayment({ amount, currency_code, data, context }: UpdatePaymentInput): Promise<UpdatePaymentOutput> {
    const session = readSessionData(data)
    const currency = currency_code.toUpperCase()
    const value = this.toPayableMinorUnits(amount, currency)
    if (value === session.amount && currency === session.currency) {
      return { data: session }
    }
    // A Vipps payment's amount cannot change: release this one and start a new one under a
    // new reference (a reference can never be reused).
    await this.cancelPayment({ data: session })
    const attempt = (session.attempt ?? 1) + 1
    return this.initiatePayment({
      amount,
      currency_code,
      data: { session_id: `${session.session_id}-${attempt}` },
      context,
    }).then((result) => ({ status: result.status, data: { ...result.data, session_id: session.session_id, attempt } }))
  }

  async getWebhookActionAndData(_payload: ProviderWebhookPayload["payload"]): Promise<WebhookActionResult> {
    // Medusa's generic /hooks/payment route cannot verify Vipps signatures (they cover the
    // registered URL's host and path, which it does not pass on). Deliveries there are ignored.
    return { action: PaymentActions.NOT_SUPPORTED }
  }

  private toPayableMinorUnits(amount: unknown, currency: string): number {
    const value = toMinorUnitsOrThrow(amount, currency)
    try {
      assertPayableAmount(value, currency)
    } catch (error) {
      throw new MedusaError(MedusaError.Types.INVALID_DATA, (error as Error).message)
    }
    return value
  }

  /** The payment data if Vipps already shows `total` (minor units) captured/refunded, else undefined. */
  private async alreadyAtVipps(session: VippsSessionData, kind: "captured" | "refunded", total: number) {
    const payment = await this.call("get", session.reference, () => this.client_.epayment.getPayment(session.reference))
    if (aggregateInMinorUnits(payment)[kind] < total) return undefined
    this.logger_.info(`Vipps MobilePay ${session.reference}: already ${kind} at Vipps, recorded in Medusa without a new ${kind === "captured" ? "capture" : "refund"}.`)
    return withPayment(session, payment)
  }

  /** Runs a Vipps call; a Vipps error becomes a MedusaError carrying its readable message. */
  private async call<T>(operation: string, reference: string, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn()
    } catch (error) {
      throw isVippsError(error) ? toMedusaError(error) : error
    }
  }

  /**
   * "Already captured / refunded / cancelled" is success: read the payment back and return it
   * when Vipps already shows the effect; otherwise rethrow the original error.
   */
  private async acceptIfAlreadyDone(operation: keyof typeof ALREADY_DONE, session: VippsSessionData, error: unknown) {
    const vipps = vippsErrorOf(error)
    if (!vipps?.code || !ALREADY_DONE[operation].has(vipps.code)) throw error
    const payment = await this.call("get", session.reference, () => this.client_.epayment.getPayment(session.reference))
    const aggregate = aggregateInMinorUnits(payment)
    const done =
      operation === "capture" ? aggregate.captured + aggregate.cancelled >= aggregate.authorized
      : operation === "refund" ? aggregate.refunded >= aggregate.captured && aggregate.captured > 0
      : aggregate.authorized - aggregate.captured - aggregate.cancelled <= 0
    if (!done) throw error
    this.logger_.info(`Vipps MobilePay ${operation} on ${session.reference}: already done at Vipps, treated as success (code ${vipps.code}).`)
    return withPayment(session, payment)
  }
}

function toMinorUnitsOrThrow(amount: unknown, currency: string): number {
  try {
    return toMinorUnits(amount as Parameters<typeof toMinorUnits>[0], currency)
  } catch (error) {
    throw new MedusaError(MedusaError.Types.INVALID_DATA, (error as Error).message)
  }
}

function totalOf(amounts: { value: string | number }[], currency: string): number {
  return amounts.reduce((total, amount) => total + toMinorUnits(amount, currency), 0)
}

/** Minor units moved by the captures/refunds Medusa recorded before this one. */
function earlierOf(record: MovementRecord, currency: string): number {
  return totalOf(record.earlier, currency)
}

export default VippsProviderService
