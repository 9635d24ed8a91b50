// Idempotency keys derived from our own stable ids: the same capture/refund/… always carries the
// same key, so any retry (ours, Medusa's, a restarted worker's) can never move money twice.
import { createHash } from "node:crypto"
import { VippsError } from "./errors"

export const IDEMPOTENCY_KEY_MAX_LENGTH = 50
const KEY_PATTERN = /^[A-Za-z0-9\-_.]+$/
// Keep at least 22 base64url chars (132 bits) of hash so distinct ids never collide in practice.
const MIN_HASH_CHARS = 22
const KIND_PATTERN = /^[A-Za-z0-9][A-Za-z0-9\-_.]*$/

export function idempotencyKey(kind: string, ...parts: (string | number)[]): string {
  if (!KIND_PATTERN.test(kind) || kind.length > IDEMPOTENCY_KEY_MAX_LENGTH - 1 - MIN_HASH_CHARS) {
    throw new Error(
      `Idempotency key kind must be 1-${IDEMPOTENCY_KEY_MAX_LENGTH - 1 - MIN_HASH_CHARS} chars of [A-Za-z0-9-_.], got ${JSON.stringify(kind)}`
    )
  }
  if (parts.length === 0) throw new Error("idempotencyKey needs at least one stable id to hash")
  const hash = createHash("sha256").update(parts.map(String).join("|"), "utf8").digest("base64url")
  return `${kind}-${hash.slice(0, IDEMPOTENCY_KEY_MAX_LENGTH - kind.length - 1)}`
}

/** Vipps caps the header at 50 chars; we also stick to a header-safe alphabet. */
export function assertIdempotencyKey(key: unknown): asserts key is string {
  if (typeof key !== "string" || key.length === 0 || key.length > IDEMPOTENCY_KEY_MAX_LENGTH || !KEY_PATTERN.test(key)) {
    throw new VippsError({
      kind: "request",
      merchantMessage: `Idempotency-Key must be 1-${IDEMPOTENCY_KEY_MAX_LENGTH} chars of [A-Za-z0-9-_.], got ${JSON.stringify(key)}`,
    })
  }
}
