/**
 * Reads Medusa's own capture and refund rows from the payment module's container.
 *
 * Medusa creates the Capture/Refund row (with its amount) before it calls the provider, and
 * passes the row id as `context.idempotency_key`. `capturePayment` gets no amount, so the row
 * is the only exact source of how much the admin is capturing. The rows created before it tell
 * how much was moved already, which makes the Vipps idempotency key stable across Medusa's
 * retries (a failed attempt's row is deleted, the retry's row has the same predecessors).
 */
type AmountRow = {
  id: string
  amount?: unknown
  raw_amount?: { value: string | number } | null
  created_at?: Date | string
  payment_id?: string
  payment?: { id: string } | string | null
}

type InternalService = {
  retrieve(id: string, config?: Record<string, unknown>): Promise<AmountRow>
  list(filters: Record<string, unknown>, config?: Record<string, unknown>): Promise<AmountRow[]>
}

export type MovementRecord = {
  /** The Medusa payment this row belongs to. */
  payment_id?: string
  /** The amount of this capture/refund, as Medusa stored it (major units, exact). */
  amount: { value: string | number }
  /** The same kind of rows on the same payment created before this one. */
  earlier: { value: string | number }[]
  /** All other rows of the same kind on the same payment (earlier and later, e.g. concurrent ones). */
  others: { value: string | number }[]
}

function rawAmount(row: AmountRow): { value: string | number } {
  if (row.raw_amount && row.raw_amount.value !== undefined) return row.raw_amount
  return { value: String(row.amount) }
}

function paymentIdOf(row: AmountRow): string | undefined {
  if (row.payment_id) return row.payment_id
  if (typeof row.payment === "string") return row.payment
  return row.payment?.id
}

function isBefore(a: AmountRow, b: AmountRow): boolean {
  const ta = new Date(a.created_at ?? 0).getTime()
  const tb = new Date(b.created_at ?? 0).getTime()
  return ta < tb || (ta === tb && a.id < b.id)
}

async function readMovement(service: InternalService | undefined, id: string | undefined): Promise<MovementRecord | undefined> {
  if (!service || !id) return undefined
  const fields = ["id", "amount", "raw_amount", "created_at", "payment_id"]
  const row = await service.retrieve(id, { select: fields }).catch(() => undefined)
  if (!row) return undefined
  const paymentId = paymentIdOf(row)
  const siblings = paymentId ? await service.list({ payment_id: paymentId }, { select: fields }) : []
  const others = siblings.filter((other) => other.id !== row.id)
  return {
    payment_id: paymentId,
    amount: rawAmount(row),
    earlier: others.filter((other) => isBefore(other, row)).map(rawAmount),
    others: others.map(rawAmount),
  }
}

export class MedusaRecords {
  constructor(private readonly container: Record<string, unknown>) {}

  private service(name: string): InternalService | undefined {
    try {
      return this.container[name] as InternalService | undefined
    } catch {
      // Awilix throws on unknown registrations: the provider then falls back to Vipps's view.
      return undefined
    }
  }

  capture(captureId: string | undefined) {
    return readMovement(this.service("captureService"), captureId)
  }

  refund(refundId: string | undefined) {
    return readMovement(this.service("refundService"), refundId)
  }
}
