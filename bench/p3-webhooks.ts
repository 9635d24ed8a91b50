/**
 * P3: webhook intake. Valid, unique, correctly signed ePayment webhooks (NOTES §6.4, signed with
 * the secret the plugin stored at registration, read from vipps_webhook_registration) for
 * payments the store knows, posted at concurrency 16 with keep-alive: deliveries/s and p99 of
 * the time to the 200. Baseline: the same server's GET /health at concurrency 16.
 * With `server` (bench/lib/server.ts: a workerMode "server" process on the Redis event bus) the
 * deliveries go there and the demo's process works them off as the worker; then the time until
 * every stored delivery is processed is measured too.
 * The floor that is not the plugin's: Medusa's own webhook route, POST /hooks/payment/:provider
 * (the same routing, raw-body JSON parsing and one event-bus emit, no signature, no insert), with
 * the same bodies at the same concurrency, after the deliveries are processed (its events, for
 * pp_system_default, are delayed 5 s by Medusa and change nothing).
 */
import { randomUUID } from "node:crypto"
import { Client } from "pg"
import { signWebhook } from "../src/sandbox/webhooks"
import { request, runLoad, type LoadResult } from "./lib/http"
import type { SandboxControl } from "./lib/sandbox"
import type { Stack } from "./lib/stack"
import { VIPPS } from "./lib/store"

export type P3Result = {
  webhooks: LoadResult
  health: LoadResult
  concurrency: number
  /** Where the load went: "server process (Redis event bus), demo process as worker", or the demo's own process. */
  topology: string
  /** Deliveries stored during the load and how many the worker processed, and when the last was done. */
  drain?: { stored: number; processed: number; seconds: number }
  /** Medusa's own webhook route on the same server (see above). */
  floor?: LoadResult
}

export type P3Options = {
  concurrency: number
  count: number
  maxMs: number
  serverUrl?: string
  drainMaxMs?: number
  /** Also measure Medusa's own webhook route (default true). */
  floor?: boolean
  /** Around the webhook load only (bench/p3-only.ts: CPU profile, worker paused). */
  duringLoad?: { before(): Promise<void>; after(): Promise<void> }
  /** Wraps each of the three loads (bench/p3-only.ts: CPU seconds per request). */
  around?: (load: "health" | "webhooks" | "floor", run: () => Promise<LoadResult>) => Promise<LoadResult>
}

async function storedRegistration(db: Stack["db"]) {
  const client = new Client(db)
  await client.connect()
  try {
    const { rows } = await client.query("SELECT url, secret FROM vipps_webhook_registration WHERE provider_id = $1 AND deleted_at IS NULL", [VIPPS])
    if (!rows[0]) throw new Error("no webhook registration stored for pp_vipps_vipps")
    return rows[0] as { url: string; secret: string }
  } finally {
    await client.end()
  }
}

export async function measureP3(
  stack: Stack,
  sandbox: SandboxControl,
  references: string[],
  options: P3Options
): Promise<P3Result> {
  if (!references.length) throw new Error("P3 needs references of existing payments")
  const { url, secret } = await storedRegistration(stack.db)
  // The request goes to the server measured, with the host and path of the registered URL.
  const base = options.serverUrl ?? stack.medusaUrl
  const target = new URL(new URL(url).pathname, base)
  const payments = await Promise.all(references.slice(0, 50).map((r) => sandbox.payment(r)))

  const around = options.around ?? ((_load, run) => run())
  const health = await around("health", () => runLoad(options.count, options.concurrency, options.maxMs, async () => (await request(`${base}/health`)).status === 200))
  const since = await dbNow(stack.db)

  // A new pspReference makes every delivery a new event (dedupe key: reference + name + pspReference).
  const bodyOf = (i: number) => {
    const payment = payments[i % payments.length]
    return JSON.stringify({
      msn: payment.msn,
      reference: payment.reference,
      pspReference: randomUUID(),
      name: "AUTHORIZED",
      amount: payment.amount,
      timestamp: new Date().toISOString(),
      idempotencyKey: null,
      success: true,
    })
  }
  await options.duringLoad?.before()
  const webhooks = await around("webhooks", () => runLoad(options.count, options.concurrency, options.maxMs, async (i) => {
    const body = bodyOf(i)
    const date = new Date().toUTCString()
    const signed = signWebhook({ secret, url, date, body })
    const reply = await request(target.toString(), {
      method: "POST",
      headers: {
        "content-type": "application/json",
        host: signed.host,
        "x-ms-date": date,
        "x-ms-content-sha256": signed.contentHash,
        authorization: signed.authorization,
      },
      body,
    })
    if (reply.status !== 200 || reply.body?.duplicate !== false) throw new Error(`webhook answered ${reply.status}: ${JSON.stringify(reply.body)}`)
    return true
  })).finally(() => options.duringLoad?.after())
  const topology = options.serverUrl ? "a workerMode \"server\" process on the Redis event bus; the demo's process is the worker" : "the demo's single process"
  const drain = await drained(stack.db, since, options.drainMaxMs ?? 90_000)
  const floor =
    options.floor === false
      ? undefined
      : await around("floor", () =>
          runLoad(options.count, options.concurrency, options.maxMs, async (i) => {
            const reply = await request(`${base}/hooks/payment/pp_system_default`, { method: "POST", headers: { "content-type": "application/json" }, body: bodyOf(i) })
            if (reply.status !== 200) throw new Error(`/hooks/payment answered ${reply.status}`)
            return true
          })
        )
  return { webhooks, health, concurrency: options.concurrency, topology, drain, floor }
}

async function dbNow(db: Stack["db"]): Promise<Date> {
  const client = new Client(db)
  await client.connect()
  try {
    return (await client.query("SELECT now() AS now")).rows[0].now as Date
  } finally {
    await client.end()
  }
}

/** Waits until every delivery stored since `since` is processed (or maxMs): stored, processed, seconds after the load. */
async function drained(db: Stack["db"], since: Date, maxMs: number) {
  const client = new Client(db)
  await client.connect()
  const started = Date.now()
  try {
    for (;;) {
      const { rows } = await client.query(
        `SELECT count(*)::int AS stored, count(*) FILTER (WHERE status = 'processed')::int AS processed, max(processed_at) AS last
         FROM vipps_webhook_event WHERE created_at >= $1`,
        [since]
      )
      const { stored, processed } = rows[0] as { stored: number; processed: number }
      if (processed >= stored || Date.now() - started > maxMs) return { stored, processed, seconds: (Date.now() - started) / 1000 }
      await new Promise((r) => setTimeout(r, 500))
    }
  } finally {
    await client.end()
  }
}
