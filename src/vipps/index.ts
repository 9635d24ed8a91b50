// Public surface of the Vipps MobilePay client. Nothing here knows about Medusa.
export { VippsClient } from "./client"
export type { VippsClientOptions } from "./client"
export { resolveBaseUrl, isProductionBaseUrl, TEST_BASE_URL, PRODUCTION_BASE_URL } from "./environment"
export type { VippsEnvironment } from "./environment"
export {
  VippsError,
  VippsAmountError,
  VippsRateLimitedError,
  isVippsError,
  isVippsRateLimitedError,
  isVippsAmountError,
  merchantMessageFor,
  isFinalCode,
  retriesWithSameKey,
  shopperCodeForState,
  shopperMessageForState,
} from "./errors"
export type { VippsErrorKind, VippsErrorInit, VippsExtraDetail } from "./errors"
export {
  SUPPORTED_CURRENCIES,
  MINIMUM_MINOR_UNITS,
  MAXIMUM_MINOR_UNITS,
  toMinorUnits,
  fromMinorUnits,
  isPlainDecimal,
  assertPayableAmount,
  normalizeCurrency,
} from "./money"
export type { VippsCurrency, AmountInput, RawAmount } from "./money"
export { idempotencyKey, assertIdempotencyKey, IDEMPOTENCY_KEY_MAX_LENGTH } from "./idempotency"
export { createVippsHttp, parseRetryAfter, redactPhoneNumbers } from "./http"
export type { VippsHttp, VippsHttpConfig, VippsLogger, VippsRequest, VippsResponse, VippsExchange, VippsExchangeRecorder } from "./http"
export {
  INTERACTIVE_RETRY_POLICY,
  BACKGROUND_RETRY_POLICY,
  RESCHEDULE_RETRY_POLICY,
  RATE_LIMIT_WINDOW_MS,
  withVippsRetryPolicy,
  currentVippsRetryPolicy,
} from "./retry-policy"
export type { VippsRetryPolicy } from "./retry-policy"
export { clearTokenCache } from "./token"
export { createEPaymentApi } from "./epayment"
export type { EPaymentApi, CreatePaymentRequest, ShippingGroup, CancelOptions, ForceApproveOptions, UserFlow } from "./epayment"
export {
  createWebhooksApi,
  EPAYMENT_WEBHOOK_EVENTS,
  SUBSCRIBED_WEBHOOK_EVENTS,
  missingSubscribedEvents,
  webhookEventType,
  computeWebhookSignature,
  verifyWebhookSignature,
} from "./webhooks"
export type {
  WebhooksApi,
  EPaymentWebhookEvent,
  WebhookSignature,
  WebhookSignatureInput,
  WebhookHeaders,
  WebhookVerification,
} from "./webhooks"
export { createOrderManagementApi } from "./order-management"
export type { OrderManagementApi, Receipt, ReceiptOrderLine, CategoryInput, OrderCategory } from "./order-management"
export {
  PAYMENT_STATES,
  PAYMENT_EVENT_NAMES,
  AmountSchema,
  TokenResponseSchema,
  CreatePaymentResponseSchema,
  GetPaymentResponseSchema,
  PaymentEventSchema,
  PaymentEventListSchema,
  ModificationResponseSchema,
  WebhookRegistrationSchema,
  WebhookListSchema,
  WebhookEventSchema,
  parseResponse,
} from "./schemas"
export type {
  VippsAmount,
  TokenResponse,
  PaymentState,
  PaymentEventName,
  CreatePaymentResponse,
  GetPaymentResponse,
  PaymentEvent,
  ModificationResponse,
  WebhookRegistration,
  Webhook,
  WebhookEvent,
  OrderResponse,
} from "./schemas"
