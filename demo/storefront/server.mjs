#!/usr/bin/env node
// The demo storefront: static pages (no framework, no build step) that check out through the
// Medusa Store API and pay with Vipps MobilePay. scripts/demo.sh starts it after Medusa is up.
//
//   node demo/storefront/server.mjs [--port 8000] [--host localhost] [--medusa-url URL]
//                                   [--key-file .demo/publishable-key] [--region Norge]
//
//   --port        STOREFRONT_PORT, default 8000
//   --host        STOREFRONT_HOST, default localhost (127.0.0.1 and ::1; never other interfaces)
//   --medusa-url  MEDUSA_URL, default http://localhost:9000 (the URL the *browser* calls: it must
//                 be listed in Medusa's STORE_CORS together with this storefront's origin)
//   --key         PUBLISHABLE_KEY; otherwise read from --key-file (DEMO_KEY_FILE, default
//                 .demo/publishable-key, written by demo/seed.ts) on every /config.js request
//   --region      STOREFRONT_REGION, default Norge (the seeded region whose products and
//                 Vipps MobilePay provider the shop uses)
//
// Pages: /  (products + cart), /checkout, /vipps/return (receipt; needs only ?reference&token).
// /config.js hands the Medusa URL, publishable key and region to the pages. /kit.js is the
// plugin's storefront kit (src/storefront) with the js-sdk, bundled at start (kit-bundle.mjs).
// /health answers {ok, publishable_key, kit} for scripts.
import fs from "node:fs"
import http from "node:http"
import path from "node:path"
import { fileURLToPath } from "node:url"
import { buildKitBundle } from "./kit-bundle.mjs"

const here = path.dirname(fileURLToPath(import.meta.url))
const publicDir = path.join(here, "public")

const argv = process.argv.slice(2)
function option(name, env, fallback) {
  const i = argv.findIndex((a) => a === name || a.startsWith(`${name}=`))
  if (i >= 0) return argv[i].includes("=") ? argv[i].slice(argv[i].indexOf("=") + 1) : argv[i + 1]
  return process.env[env] || fallback
}
if (argv.includes("--help") || argv.includes("-h")) {
  const lines = fs.readFileSync(fileURLToPath(import.meta.url), "utf8").split("\n").slice(1)
  console.log(lines.slice(0, lines.findIndex((l) => !l.startsWith("//"))).map((l) => l.replace(/^\/\/ ?/, "")).join("\n"))
  process.exit(0)
}

const port = Number(option("--port", "STOREFRONT_PORT", "8000"))
const host = option("--host", "STOREFRONT_HOST", "localhost")
const medusaUrl = option("--medusa-url", "MEDUSA_URL", "http://localhost:9000").replace(/\/+$/, "")
const fixedKey = option("--key", "PUBLISHABLE_KEY", "")
const keyFile = option("--key-file", "DEMO_KEY_FILE", ".demo/publishable-key")
const region = option("--region", "STOREFRONT_REGION", "Norge")
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`[storefront] invalid port: ${port}`)
  process.exit(2)
}

function publishableKey() {
  if (fixedKey) return fixedKey
  try {
    return fs.readFileSync(keyFile, "utf8").trim()
  } catch {
    return ""
  }
}

// Built once, before the first page asks for it; a failed build is reported on every request.
let kitState = "building"
const kit = buildKitBundle().then(
  (code) => {
    kitState = "ready"
    return code
  },
  (error) => {
    kitState = "failed"
    console.error(`[storefront] could not bundle the storefront kit: ${error.message}`)
    throw error
  }
)
kit.catch(() => {})

const PAGES = { "/": "index.html", "/checkout": "checkout.html", "/vipps/return": "return.html" }
const TYPES = { ".html": "text/html; charset=utf-8", ".js": "text/javascript; charset=utf-8", ".css": "text/css; charset=utf-8", ".svg": "image/svg+xml" }

function headers(type, extra = {}) {
  return {
    "content-type": type,
    "cache-control": "no-store",
    // The return URL carries the payment's return token: never leak it in a Referer header.
    "referrer-policy": "no-referrer",
    "x-content-type-options": "nosniff",
    "content-security-policy": `default-src 'self'; connect-src 'self' ${medusaUrl}; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'; form-action 'self'`,
    ...extra,
  }
}

function send(res, status, type, body) {
  res.writeHead(status, headers(type))
  res.end(body)
}

function handle(req, res) {
  const url = new URL(req.url ?? "/", "http://storefront")
  if (req.method !== "GET" && req.method !== "HEAD") return send(res, 405, "text/plain", "Method not allowed")

  if (url.pathname === "/health") {
    return send(res, 200, "application/json", JSON.stringify({ ok: true, publishable_key: !!publishableKey(), kit: kitState }))
  }
  if (url.pathname === "/kit.js") {
    return kit.then(
      (code) => send(res, 200, TYPES[".js"], req.method === "HEAD" ? undefined : code),
      (error) => send(res, 500, "text/plain", `The storefront kit could not be bundled: ${error.message}`)
    )
  }
  if (url.pathname === "/config.js") {
    const config = { medusaUrl, publishableKey: publishableKey(), region }
    return send(res, 200, TYPES[".js"], `export const config = Object.freeze(${JSON.stringify(config)})\n`)
  }

  const file = PAGES[url.pathname] ?? url.pathname.slice(1)
  const resolved = path.resolve(publicDir, file)
  if (!resolved.startsWith(publicDir + path.sep) || !TYPES[path.extname(resolved)]) {
    return send(res, 404, "text/plain", "Not found")
  }
  fs.readFile(resolved, (error, body) => {
    if (error) return send(res, 404, "text/plain", "Not found")
    send(res, 200, TYPES[path.extname(resolved)], req.method === "HEAD" ? undefined : body)
  })
}

// "localhost" means both loopback addresses (browsers may resolve it to either), nothing else.
const addresses = host === "localhost" ? ["127.0.0.1", "::1"] : [host]
let listening = 0
for (const [i, address] of addresses.entries()) {
  const s = http.createServer(handle)
  s.on("error", (error) => {
    if (i > 0 && (error.code === "EADDRNOTAVAIL" || error.code === "EAFNOSUPPORT")) return // no IPv6 loopback
    console.error(`[storefront] cannot listen on ${address}:${port}: ${error.message}`)
    process.exit(1)
  })
  s.listen(port, address, () => {
    if (++listening === 1) {
      console.log(`[storefront] http://${host}:${port} (Medusa ${medusaUrl}, region ${region}, publishable key ${fixedKey ? "from --key" : `from ${keyFile}`})`)
    }
  })
}

for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"]) process.on(signal, () => process.exit(0))
