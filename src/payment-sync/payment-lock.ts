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

/** Lock timing in seconds: wait long enough for a capture (Vipps retries included), expire if a worker dies. */
export const VIPPS_PAYMENT_LOCK = { timeout: 30, ttl: 120 }
