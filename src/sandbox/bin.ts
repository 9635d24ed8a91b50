#!/usr/bin/env node
// CLI: vipps-sandbox [--port 4545] [--host 127.0.0.1] [--public-url URL]
import { DEFAULT_MERCHANTS, startSandbox } from "./index"

function arg(name: string): string | undefined {
  const argv = process.argv.slice(2)
  const i = argv.findIndex((a) => a === name || a.startsWith(`${name}=`))
  if (i < 0) return undefined
  const a = argv[i]
  return a.includes("=") ? a.slice(a.indexOf("=") + 1) : argv[i + 1]
}

async function main() {
  if (process.argv.includes("--help") || process.argv.includes("-h")) {
    console.log("Usage: vipps-sandbox [--port 4545] [--host 127.0.0.1] [--public-url URL]")
    return
  }
  const port = Number(arg("--port") ?? process.env.VIPPS_SANDBOX_PORT ?? 4545)
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`Invalid --port ${arg("--port")}`)
  const sandbox = await startSandbox({
    port,
    host: arg("--host") ?? "127.0.0.1",
    publicUrl: arg("--public-url"),
    log: (line) => console.log(`${new Date().toISOString()} ${line}`),
  })
  console.log(`Vipps MobilePay ePayment sandbox listening on ${sandbox.url}`)
  console.log("Sandbox-only fake credentials (base URL = the sandbox url):")
  for (const m of DEFAULT_MERCHANTS) {
    console.log(`  ${m.name ?? m.msn}  MSN=${m.msn} market=${m.market} client_id=${m.clientId} client_secret=${m.clientSecret} Ocp-Apim-Subscription-Key=${m.subscriptionKey}`)
  }
  let stopping = false
  const stop = (signal: string) => {
    if (stopping) return
    stopping = true
    console.log(`${signal} received, stopping sandbox`)
    sandbox.close().then(
      () => process.exit(0),
      () => process.exit(1)
    )
  }
  process.on("SIGINT", () => stop("SIGINT"))
  process.on("SIGTERM", () => stop("SIGTERM"))
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err)
  process.exit(1)
})
