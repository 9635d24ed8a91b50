/**
 * One lock per Medusa payment for everything that moves money on it from outside Medusa's own
 * capture/refund flows: fulfilment captures, remainder releases and webhook processing.
 * Take it with `acquireLockStep({ key: vippsPaymentLockKey(id) })` or
 * `locking.execute(vippsPaymentLockKey(id), job)`, so these never interleave on one payment.
 * (Admin captures are serialised by Medusa's payment row lock, which our captures also take.)
 */
export function vippsPaymentLockKey(paymentId: string): string {
  return `vipps:payment:${paymentId}`
}

/**
 * Lock timing in seconds. The holder may be a background capture whose retries wait out Vipps's
 * 60 s rate-limit window (BACKGROUND_RETRY_POLICY: up to 90 s of waits), so the lock lives
 * long enough for that and expires if a worker dies. Where a person waits (return page, admin),
 * give up on the lock after 30 s.
 */
export const VIPPS_PAYMENT_LOCK = { timeout: 30, ttl: 180 }

/** For background work (fulfilment captures, releases): wait for a holder that waits out a rate limit. */
export const VIPPS_PAYMENT_LOCK_BACKGROUND = { timeout: 120, ttl: 180 }
