// What we accept back from Vipps (zod). Objects are loose: Vipps adds fields over time
// (e.g. captureGuaranteedUntil) and an unknown field must never break a payment.
import { z } from "zod"
import { VippsError } from "./errors"

export const AmountSchema = z.looseObject({
  value: z.number().int(),
  currency: z.string(),
})
export type VippsAmount = { value: number; currency: string }

// Strings on the wire per the access-token spec; some servers send numbers, accept both.
const numericString = z.union([z.string(), z.number()]).transform((v) => String(v))

export const TokenResponseSchema = z.looseObject({
  access_token: z.string().min(1),
  token_type: z.string().optional(),
  expires_in: numericString.optional(),
  expires_on: numericString.optional(),
  not_before: numericString.optional(),
})
export type TokenResponse = z.infer<typeof TokenResponseSchema>

export const PAYMENT_STATES = ["CREATED", "ABORTED", "EXPIRED", "AUTHORIZED", "TERMINATED"] as const
export const PaymentStateSchema = z.enum(PAYMENT_STATES)
export type PaymentState = z.infer<typeof PaymentStateSchema>

export const PAYMENT_EVENT_NAMES = [
  "CREATED",
  "ABORTED",
  "EXPIRED",
  "CANCELLED",
  "CAPTURED",
  "REFUNDED",
  "AUTHORIZED",
  "TERMINATED",
] as const
export const PaymentEventNameSchema = z.enum(PAYMENT_EVENT_NAMES)
export type PaymentEventName = z.infer<typeof PaymentEventNameSchema>

export const AggregateSchema = z.looseObject({
  authorizedAmount: AmountSchema,
  cancelledAmount: AmountSchema,
  capturedAmount: AmountSchema,
  refundedAmount: AmountSchema,
})

export const CreatePaymentResponseSchema = z.looseObject({
  reference: z.string(),
  redirectUrl: z.string().optional(),
})
export type CreatePaymentResponse = z.infer<typeof CreatePaymentResponseSchema>

export const GetPaymentResponseSchema = z.looseObject({
  aggregate: AggregateSchema,
  amount: AmountSchema,
  state: PaymentStateSchema,
  paymentMethod: z.looseObject({ type: z.string(), cardBin: z.string().optional() }),
  profile: z.looseObject({ sub: z.string().optional() }).optional(),
  pspReference: z.string(),
  reference: z.string(),
  redirectUrl: z.string().optional(),
  metadata: z.record(z.string(), z.string()).nullable().optional(),
  captureGuaranteedUntil: z.string().nullable().optional(),
  // Express (spec ShippingDetails / UserDetails): the address and option the shopper chose, who they
  // are. Read leniently here; src/express says what is missing.
  shippingDetails: z
    .looseObject({
      address: z
        .looseObject({
          addressLine1: z.string().optional(),
          addressLine2: z.string().nullable().optional(),
          city: z.string().optional(),
          country: z.string().optional(),
          postCode: z.string().optional(),
        })
        .optional(),
      shippingCost: z.number().int().optional(),
      shippingOptionId: z.string().optional(),
      shippingOptionName: z.string().optional(),
    })
    .nullable()
    .optional(),
  userDetails: z
    .looseObject({
      email: z.string().optional(),
      firstName: z.string().optional(),
      lastName: z.string().optional(),
      mobileNumber: z.string().optional(),
    })
    .nullable()
    .optional(),
})
export type GetPaymentResponse = z.infer<typeof GetPaymentResponseSchema>

export const PaymentEventSchema = z.looseObject({
  reference: z.string(),
  pspReference: z.string(),
  name: PaymentEventNameSchema,
  amount: AmountSchema,
  timestamp: z.string(),
  idempotencyKey: z.string().nullable().optional(),
  success: z.boolean(),
})
export type PaymentEvent = z.infer<typeof PaymentEventSchema>
export const PaymentEventListSchema = z.array(PaymentEventSchema)

export const ModificationResponseSchema = z.looseObject({
  amount: AmountSchema,
  state: PaymentStateSchema,
  aggregate: AggregateSchema,
  pspReference: z.string(),
  reference: z.string(),
})
export type ModificationResponse = z.infer<typeof ModificationResponseSchema>

export const WebhookRegistrationSchema = z.looseObject({ id: z.string(), secret: z.string().min(1) })
export type WebhookRegistration = z.infer<typeof WebhookRegistrationSchema>

export const WebhookSchema = z.looseObject({ id: z.string(), url: z.string(), events: z.array(z.string()) })
export type Webhook = z.infer<typeof WebhookSchema>
export const WebhookListSchema = z.looseObject({ webhooks: z.array(WebhookSchema) })

/** Body Vipps POSTs to our webhook endpoint for ePayment events (NOTES §6.3): an event-log entry plus the MSN. */
export const WebhookEventSchema = PaymentEventSchema.extend({
  msn: z.string(),
  sub: z.string().optional(),
})
export type WebhookEvent = z.infer<typeof WebhookEventSchema>

export const OrderResponseSchema = z.looseObject({
  category: z.unknown().optional(),
  receipt: z.unknown().optional(),
})
export type OrderResponse = z.infer<typeof OrderResponseSchema>

/** Parse a Vipps response body; a mismatch becomes a VippsError naming the fields (never values). */
export function parseResponse<S extends z.ZodType>(
  schema: S,
  body: unknown,
  context: { operation: string; reference?: string; status?: number }
): z.output<S> {
  const result = schema.safeParse(body)
  if (result.success) return result.data
  const fields = result.error.issues
    .slice(0, 5)
    .map((issue) => `${issue.path.join(".") || "(body)"}: ${issue.message}`)
    .join("; ")
  throw new VippsError({
    kind: "response",
    status: context.status,
    operation: context.operation,
    reference: context.reference,
    merchantMessage: `Unexpected response from Vipps MobilePay for ${context.operation} (${fields})`,
    cause: result.error,
  })
}
