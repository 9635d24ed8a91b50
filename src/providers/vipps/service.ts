import { AbstractPaymentProvider, MedusaError, PaymentActions, PaymentSessionStatus } from "@medusajs/framework/utils"
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
import { CreatePaymentRequest, GetPaymentResponse, VippsClient, idempotencyKey } from "../../vipps"
import type { ShopperVoice } from "../../shopper-texts"
import { MedusaRecords } from "./medusa-records"
import { vippsErrorOf, withMedusaErrors } from "./medusa-error"
import { validateOptionsAtBoot } from "./validate-at-boot"
import { MovementsAtVipps, toMinorUnitsOrThrow, toPayableMinorUnits } from "./movements"
import { VippsOptions, parseVippsOptions } from "./options"
import { assertPluginLoaded } from "./plugin-registration"
import { assertSupportedMedusa, installedMedusaVersion } from "../../medusa-compat"
import { logger as medusaLogger } from "@medusajs/framework/logger"
import { ExpressRequestInput, createPaymentRequestFor, withExpress } from "./payment-request"
import { VippsSessionData, aggregateInMinorUnits, readSessionData, withAuthorization, withPayment } from "./session-data"
import { VippsState, sessionStatusFor } from "./status"
import { vippsClientFor } from "./vipps-client"
import { acceptedAuthorization } from "./authorization"
import { sessionLanguage, voiceOfPayment } from "./shopper-voice"
import { MovementIntent, MovementJournal, MovementKind } from "../../modules/vipps/movement-journal"
import { withMovementRecord } from "./movement-intent"
import { SettingsStore } from "../../modules/vipps/settings-store"
import { PaymentAttemptStore } from "../../modules/vipps/payment-attempts"
import { EffectiveOptions } from "./effective-options"
import { cardPermissionError, cardPermissionMedusaError } from "./card-payments"

type InjectedDependencies = { logger: Logger } & Record<string, unknown>

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
  protected readonly movements_: MovementsAtVipps
  /** The durable record of intent of every movement (undefined without a database, e.g. unit tests). */
  protected readonly journal_: MovementJournal | undefined
  /** medusa-config's options overlaid by what shop admins changed on the settings page. */
  protected readonly effective_: EffectiveOptions
  /** The payments page's projection (undefined without a database). */
  protected readonly attempts_: PaymentAttemptStore | undefined

  static validateOptions(options: Record<string, unknown>): void {
    // Below the supported range the boot stops (pnpm and yarn only warn about peer ranges).
    assertSupportedMedusa(medusaLogger, installedMedusaVersion())
    assertPluginLoaded()
    validateOptionsAtBoot(options)
  }

  constructor(container: InjectedDependencies, options: Record<string, unknown>) {
    super(container, options as VippsOptions)
    this.options_ = parseVippsOptions(options)
    this.logger_ = container.logger
    this.records_ = new MedusaRecords(container)
    this.client_ = vippsClientFor(this.options_, this.logger_)
    this.movements_ = new MovementsAtVipps((session) => this.readPayment(session), this.logger_)
    this.journal_ = MovementJournal.fromContainer(container)
    this.attempts_ = PaymentAttemptStore.fromContainer(container)
    this.effective_ = new EffectiveOptions(this.options_, options, SettingsStore.fromContainer(container), this.logger_)
  }

  /** Set by the plugin's lookup (sales-units), which knows the provider id it asked for. */
  bindProviderId(id: string) {
    this.effective_.bind(id)
  }

  /** The Vipps client, for the plugin's own routes, subscribers and jobs. */
  get client(): VippsClient {
    return this.client_
  }

  /** The validated medusa-config options (includes credentials: never expose them); see effectiveOptions(). */
  get options(): VippsOptions {
    return this.options_
  }

  /** The options as they apply now: medusa-config overlaid by the admin's settings, read on every call. */
  effectiveOptions(): Promise<VippsOptions> {
    return this.effective_.read()
  }

  async initiatePayment({ amount, currency_code, data, context }: InitiatePaymentInput): Promise<InitiatePaymentOutput> {
    const sessionId = (data?.session_id as string | undefined) ?? context?.idempotency_key
    if (!sessionId) {
      throw new MedusaError(MedusaError.Types.INVALID_DATA, "Vipps MobilePay needs the payment session id to build a reference.")
    }
    const currency = currency_code.toUpperCase()
    const value = toPayableMinorUnits(amount, currency)
    const options = await this.effectiveOptions()
    // The storefront's language (the kit, the express route, or the cart's locale), else the market's.
    const language = sessionLanguage(data?.language, currency)
    const voice = voiceOfPayment({ language, currency }, options)
    const { body, returnToken } = createPaymentRequestFor(
      options,
      sessionId,
      { value, currency },
      () => (data?.phone_number as string | undefined) ?? context?.customer?.phone ?? undefined,
      voice
    )
    const { reference, userFlow } = body
    const expressInput = data?.express as ExpressRequestInput | undefined
    const express = expressInput ? withExpress(options, body, expressInput) : undefined

    const created = await this.createAtVipps(body, voice)
    const sessionData: VippsSessionData = {
      session_id: sessionId,
      reference,
      redirect_url: created.redirectUrl,
      user_flow: userFlow,
      state: "CREATED",
      amount: value,
      currency,
      msn: this.options_.merchantSerialNumber,
      payment_method: body.paymentMethod.type,
      return_token: returnToken,
      language,
      ...(express ? { express } : {}),
    }
    // The payments page lists it from now on (never fails the checkout).
    await this.attempts_
      ?.recordCreated({ reference, session_id: sessionId.replace(/-\d+$/, ""), msn: sessionData.msn, currency, amount: value, email: context?.customer?.email, phone: context?.customer?.phone })
      .catch((error) => this.logger_.warn(`Vipps MobilePay payments page: could not record ${reference}: ${(error as Error).message}`))
    return { id: reference, status: PaymentSessionStatus.PENDING, data: sessionData }
  }

  /**
   * The create call. A CARD payment Vipps refuses for lack of card permission is logged once with
   * the merchant's sentence (how to get card payments enabled); the storefront gets the
   * shopper's catalogue sentence in the session's language.
   */
  private async createAtVipps(body: CreatePaymentRequest, voice: ShopperVoice) {
    try {
      return await withMedusaErrors(() => this.client_.epayment.createPayment(body, idempotencyKey("create", body.reference)))
    } catch (error) {
      const card = body.paymentMethod.type === "CARD" ? cardPermissionError(error, { providerId: this.effective_.providerId, msn: this.options_.merchantSerialNumber }) : undefined
      if (!card) throw error
      this.logger_.error(card.message)
      throw cardPermissionMedusaError(card, voice)
    }
  }

  async authorizePayment({ data }: AuthorizePaymentInput): Promise<AuthorizePaymentOutput> {
    const session = readSessionData(data)
    const payment = await this.readPayment(session)
    const updated = withPayment(session, payment)
    const voice = voiceOfPayment(session, this.options_) // brand is a medusa-config option: no settings read
    const status = sessionStatusFor(payment.state as VippsState, acceptedAuthorization(session, payment, voice))
    return {
      status: status === PaymentSessionStatus.CAPTURED ? PaymentSessionStatus.CAPTURED : PaymentSessionStatus.AUTHORIZED,
      data: withAuthorization(updated, payment.captureGuaranteedUntil),
    }
  }

  async capturePayment({ data, context }: CapturePaymentInput): Promise<CapturePaymentOutput> {
    const session = readSessionData(data)
    const record = await this.records_.capture(context?.idempotency_key)
    const plan = await this.movements_.planCapture(session, record)
    if (plan.done) return { data: plan.done }
    const { value, key } = plan
    const intent = this.intent(session, "capture", value, key, record?.payment_id, context?.idempotency_key)
    return withMovementRecord(this.journal_, this.logger_, intent, async () => {
      try {
        const result = await withMedusaErrors(() =>
          this.client_.epayment.capturePayment(session.reference, { value, currency: session.currency }, key)
        )
        return { data: withPayment(session, result) }
      } catch (error) {
        return { data: await this.movements_.acceptIfAlreadyDone("capture", session, error) }
      }
    })
  }

  async refundPayment({ amount, data, context }: RefundPaymentInput): Promise<RefundPaymentOutput> {
    const session = readSessionData(data)
    const currency = session.currency
    const value = toMinorUnitsOrThrow(amount, currency)
    const record = await this.records_.refund(context?.idempotency_key)
    const plan = await this.movements_.planRefund(session, value, record, context?.idempotency_key)
    if (plan.done) return { data: plan.done }
    const { key } = plan
    const intent = this.intent(session, "refund", value, key, record?.payment_id, context?.idempotency_key)
    return withMovementRecord(this.journal_, this.logger_, intent, async () => {
      try {
        const result = await withMedusaErrors(() =>
          this.client_.epayment.refundPayment(session.reference, { value, currency }, key)
        )
        return { data: withPayment(session, result) }
      } catch (error) {
        return { data: await this.movements_.acceptIfAlreadyDone("refund", session, error) }
      }
    })
  }

  async cancelPayment({ data, context }: CancelPaymentInput): Promise<CancelPaymentOutput> {
    const session = readSessionData(data)
    const payment = await this.readPayment(session)
    const state = payment.state as VippsState
    const aggregate = aggregateInMinorUnits(payment)
    const releasable = aggregate.authorized - aggregate.captured - aggregate.cancelled
    const nothingToRelease =
      state === "ABORTED" || state === "EXPIRED" || state === "TERMINATED" ||
      (state === "AUTHORIZED" && releasable <= 0)
    if (nothingToRelease) return { data: withPayment(session, payment) }

    const key = idempotencyKey("cancel", session.reference, state)
    // Medusa passes the payment id as the cancel's idempotency key.
    const paymentId = context?.idempotency_key?.startsWith("pay_") ? context.idempotency_key : undefined
    try {
      const result = await withMovementRecord(this.journal_, this.logger_, this.intent(session, "cancel", releasable, key, paymentId), () =>
        withMedusaErrors(() =>
          this.client_.epayment.cancelPayment(
            session.reference,
            // While CREATED, only cancel if the shopper has not approved meanwhile.
            { cancelTransactionOnly: state === "CREATED" },
            key
          )
        )
      )
      return { data: withPayment(session, result) }
    } catch (error) {
      if (vippsErrorOf(error)?.code === "6060") {
        // The shopper approved while we cancelled: release the fresh reservation too.
        return this.cancelPayment({ data: { ...session, state: "AUTHORIZED" }, context })
      }
      const done = await this.movements_.acceptIfAlreadyDone("cancel", session, error)
      await this.journal_?.finish(key, "done").catch(() => undefined)
      return { data: done }
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
    const payment = await this.readPayment(session)
    return { data: withPayment(session, payment) }
  }

  async getPaymentStatus({ data }: GetPaymentStatusInput): Promise<GetPaymentStatusOutput> {
    const session = readSessionData(data)
    const payment = await this.readPayment(session)
    return {
      status: sessionStatusFor(payment.state as VippsState, aggregateInMinorUnits(payment)),
      data: withPayment(session, payment),
    }
  }

  async updatePayment({ amount, currency_code, data, context }: UpdatePaymentInput): Promise<UpdatePaymentOutput> {
    const session = readSessionData(data)
    const currency = currency_code.toUpperCase()
    const value = toPayableMinorUnits(amount, currency)
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
      data: { session_id: `${session.session_id}-${attempt}`, language: session.language },
      context,
    }).then((result) => ({ status: result.status, data: { ...result.data, session_id: session.session_id, attempt } }))
  }

  async getWebhookActionAndData(_payload: ProviderWebhookPayload["payload"]): Promise<WebhookActionResult> {
    // Medusa's generic /hooks/payment route cannot verify Vipps signatures (they cover the
    // registered URL's host and path, which it does not pass on). Deliveries there are ignored.
    return { action: PaymentActions.NOT_SUPPORTED }
  }

  /** The record of intent for a movement of `amount` minor units on this session's payment. */
  private intent(session: VippsSessionData, kind: MovementKind, amount: number, key: string, paymentId?: string, recordId?: string): MovementIntent {
    return {
      payment_id: paymentId ?? null,
      msn: this.options_.merchantSerialNumber,
      reference: session.reference,
      kind,
      amount: Math.max(0, amount),
      currency: session.currency,
      idempotency_key: key,
      source: kind === "cancel" ? "medusa:cancel" : "medusa",
      medusa_record_id: recordId ?? null,
    }
  }

  /** The session's payment as Vipps shows it now. */
  private readPayment(session: VippsSessionData): Promise<GetPaymentResponse> {
    return withMedusaErrors(() => this.client_.epayment.getPayment(session.reference))
  }
}

export default VippsProviderService
