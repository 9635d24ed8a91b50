// The bundle of stores one sandbox instance works with; passed to every route module.
import type { TokenIssuer } from "./auth"
import type { CardPermissions } from "./card"
import type { SandboxClock } from "./clock"
import type { FaultInjector } from "./faults"
import type { IdempotencyStore } from "./idempotency"
import type { OrderManagement } from "./order-management"
import type { RateLimiter } from "./rate-limit"
import type { RequestLog } from "./request-log"
import type { PaymentStore } from "./state"
import type { SandboxMerchant } from "./types"
import type { WebhookDispatcher, WebhookRegistry } from "./webhooks"

export type SandboxContext = {
  merchants: SandboxMerchant[]
  /** Which sales units may take freestanding card payments (control API can turn it off). */
  cards: CardPermissions
  clock: SandboxClock
  tokens: TokenIssuer
  payments: PaymentStore
  idempotency: IdempotencyStore
  rateLimiter: RateLimiter
  webhooks: WebhookRegistry
  dispatcher: WebhookDispatcher
  orders: OrderManagement
  requests: RequestLog
  faults: FaultInjector
  publicUrl: () => string
  /** Express: how long a dynamic shipping callback may take */
  shippingCallbackTimeoutMs: number
  log: (line: string) => void
}
