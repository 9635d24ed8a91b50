/**
 * P3: webhook intake. Valid, unique, correctly signed ePayment webhooks (NOTES §6.4, signed with
 * the secret the plugin stored at registration, read from vipps_webhook_registration) for
 * payments the store knows, posted at concurrency 16 with keep-alive: deliveries/s and p99 of
 * the time to the 200. Baseline: the same server's GET /health at concurrency 16.
 */
import { randomUUID } from "node:crypto"
import { Client } from "pg"
import { signWebhook } from "../src/sandbox/webhooks"
import { request, runLoad, type LoadResult } from "./lib/http"
import type { SandboxControl } from "./lib/sandbox"
import type { Stack } from "./lib/stack"
import { VIPPS } from "./lib/store"

export type P3Result = { webhooks: LoadResult; health: LoadResult; concurrency: number }

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
  options: { concurrency: number; count: number; maxMs: number }
): Promise<P3Result> {
  if (!references.length) throw new Error("P3 needs references of existing payments")
  const { url, secret } = await storedRegistration(stack.db)
  // The request goes to 127.0.0.1:<port>, the same host and path as the registered URL.
  const target = new URL(url)
  const payments = await Promise.all(references.slice(0, 50).map((r) => sandbox.payment(r)))

  const health = await runLoad(options.count, options.concurrency, options.maxMs, async () => (await request(`${stack.medusaUrl}/health`)).status === 200)

  const webhooks = await runLoad(options.count, options.concurrency, options.maxMs, async (i) => {
    const payment = payments[i % payments.length]
    // A new pspReference makes every delivery a new event (dedupe key: reference + name + pspReference).
    const body = JSON.stringify({
      msn: payment.msn,
      reference: payment.reference,
      pspReference: randomUUID(),
      name: "AUTHORIZED",
      amount: payment.amount,
      timestamp: new Date().toISOString(),
      idempotencyKey: null,
      success: true,
    })
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
  })
  return { webhooks, health, concurrency: options.concurrency }
}
