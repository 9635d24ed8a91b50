import type { Logger } from "@medusajs/framework/types"
import { WebhookInbox, type RecordWebhookEventInput, type RecordedWebhookEvent } from "../modules/vipps"

/**
 * Group commit for the webhook intake. Deliveries that arrive while this process is already
 * storing others are stored together in the next statement (one INSERT, one commit, one round
 * trip for all of them), and the worker is woken once for them: one `vipps.webhook.received`
 * event naming the batch's deliveries (one Redis job, one subscriber run, instead of one each). Nothing waits for a batch to fill: a delivery arriving at an idle
 * process is stored at once; batches only form under load, where they save most of the
 * per-delivery database, Redis and socket work. Each request still answers only after its own
 * row is stored (or found to be a duplicate).
 */
export const VIPPS_WEBHOOK_RECEIVED = "vipps.webhook.received"

// One statement at a time per process: with two, a single-threaded server rarely has more than
// two deliveries waiting for the database at once, so batches would hardly ever form.
const MAX_IN_FLIGHT = 1
const MAX_BATCH = 64

/** Runs items through `run` in batches of what queued up meanwhile, MAX_IN_FLIGHT batch(es) at a time. */
export function batched<I, O>(run: (items: I[]) => Promise<PromiseSettledResult<O>[]>): (item: I) => Promise<O> {
  const queue: { item: I; resolve(value: O): void; reject(reason: unknown): void }[] = []
  let inFlight = 0
  const flush = () => {
    while (inFlight < MAX_IN_FLIGHT && queue.length) {
      const batch = queue.splice(0, MAX_BATCH)
      inFlight++
      run(batch.map((w) => w.item))
        .then(
          (results) => batch.forEach((w, i) => (results[i]?.status === "fulfilled" ? w.resolve((results[i] as PromiseFulfilledResult<O>).value) : w.reject((results[i] as PromiseRejectedResult | undefined)?.reason))),
          (error) => batch.forEach((w) => w.reject(error))
        )
        .finally(() => {
          inFlight--
          flush()
        })
    }
  }
  return (item) =>
    new Promise<O>((resolve, reject) => {
      queue.push({ item, resolve, reject })
      flush()
    })
}

type Store = (input: RecordWebhookEventInput) => Promise<RecordedWebhookEvent>
const stores = new WeakMap<object, Store>()

/**
 * Stores one verified delivery (deduplicated), batched with the others this process is storing.
 * If a batch's statement fails, each of its deliveries is stored on its own, so one bad row
 * cannot fail the rest.
 */
export function storeWebhookDelivery(container: object, input: RecordWebhookEventInput): Promise<RecordedWebhookEvent> {
  const inbox = WebhookInbox.fromContainer(container)
  let store = stores.get(inbox)
  if (!store) {
    store = batched<RecordWebhookEventInput, RecordedWebhookEvent>((inputs) =>
      inbox.recordMany(inputs).then(
        (recorded) => recorded.map((value) => ({ status: "fulfilled" as const, value })),
        () => Promise.allSettled(inputs.map((one) => inbox.record(one)))
      )
    )
    stores.set(inbox, store)
  }
  return store(input)
}

/** The data of `vipps.webhook.received`: the stored deliveries to process (`id` alone: one emitted by an earlier version). */
export type WebhookReceivedData = { ids?: string[]; id?: string }

type EventBus = { emit(event: { name: string; data: WebhookReceivedData }): Promise<unknown> }
const wakers = new WeakMap<object, (id: string) => Promise<void>>()

/**
 * Hands a stored delivery to the worker, in one `vipps.webhook.received` event with the others
 * this process stored meanwhile (`{ ids }`). Never throws: a failed emit is logged,
 * the rows stay `received` and the reconciliation job processes them.
 */
export function wakeWebhookWorker(eventBus: EventBus, logger: Pick<Logger, "warn">, id: string): Promise<void> {
  let wake = wakers.get(eventBus)
  if (!wake) {
    wake = batched<string, void>(async (ids) => {
      try {
        await eventBus.emit({ name: VIPPS_WEBHOOK_RECEIVED, data: { ids } })
      } catch (error) {
        logger.warn(
          `Vipps MobilePay webhook${ids.length > 1 ? "s" : ""} ${ids.join(", ")} stored, but not handed to the event bus (${(error as Error)?.message ?? error}); the reconciliation job processes ${ids.length > 1 ? "them" : "it"}.`
        )
      }
      return ids.map(() => ({ status: "fulfilled" as const, value: undefined }))
    })
    wakers.set(eventBus, wake)
  }
  return wake(id)
}
