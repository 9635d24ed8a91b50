#!/usr/bin/env node
/**
 * Fails on an import that runs up the stack. The layers, top to bottom:
 *   admin (UI, talks HTTP; may import admin-api *types* only)
 *   api, scripts → subscribers, jobs, admin-api → workflows → reconciliation, go-live → webhooks
 *   → payment-sync, receipts → express → sales-units, capture → providers → vipps, modules, version, topology, medusa-compat
 * A folder may import its own files and folders of a lower rank only; src/sandbox and
 * src/storefront (browser code) import nothing of the plugin and nothing imports them.
 * src/shopper-texts (the shopper texts: pure data, browser-safe) imports nothing, and every
 * layer but the sandbox may import it — the storefront kit included. Tests (__tests__) are exempt.
 * Usage: node scripts/check-layers.js   (also run by src/__tests__/layers.unit.spec.ts)
 */
const fs = require("fs")
const path = require("path")

const RANK = {
  vipps: 0, modules: 0, version: 0, topology: 0, "medusa-compat": 0,
  providers: 1,
  "sales-units": 2, capture: 2,
  express: 2.5,
  "payment-sync": 3, receipts: 3,
  webhooks: 4,
  reconciliation: 5, "go-live": 5,
  workflows: 6,
  subscribers: 7, jobs: 7, "admin-api": 7,
  api: 8, scripts: 8, "migration-scripts": 8,
  admin: 9,
}
const ISOLATED = new Set(["sandbox", "storefront"])
// Imports nothing; shared by the server layers and the browser kit (the sandbox stays apart).
const SHARED = "shopper-texts"

const layerOf = (srcRelative) => srcRelative.split("/")[0].replace(/\.tsx?$/, "")

function sourceFiles(dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name)
    if (entry.isDirectory()) return entry.name === "__tests__" ? [] : sourceFiles(full)
    return /\.tsx?$/.test(entry.name) && !/\.spec\.tsx?$/.test(entry.name) ? [full] : []
  })
}

/** Every import of `code` (a file at `srcRelative`) that breaks the layering, as messages. */
function violationsIn(srcRelative, code) {
  const from = layerOf(srcRelative)
  const problems = []
  const imports = /(?:^|\n)\s*(import|export)\s+(type\s+)?[^;]*?from\s+["'](\.{1,2}\/[^"']+)["']|import\(\s*["'](\.{1,2}\/[^"']+)["']\s*\)/g
  for (const m of code.matchAll(imports)) {
    const spec = m[3] ?? m[4]
    const typeOnly = Boolean(m[2])
    const target = path.posix.normalize(path.posix.join(path.posix.dirname(srcRelative), spec))
    if (target.startsWith("..")) continue // outside src (package.json etc.)
    const to = layerOf(target)
    if (to === from) continue
    const why = (reason) => problems.push(`src/${srcRelative} imports ${spec} (${to}): ${reason}`)
    if (from === SHARED) why(`src/${SHARED} imports nothing: both the server and the browser kit use it`)
    else if (to === SHARED) {
      if (from === "sandbox") why("the sandbox never imports plugin code")
    } else if (ISOLATED.has(from) || ISOLATED.has(to)) why(`src/${ISOLATED.has(from) ? from : to} and the rest of the plugin never import each other`)
    else if (from === "admin") {
      if (!(to === "admin-api" && typeOnly)) why("the admin UI reaches the server over HTTP; only `import type` from admin-api")
    } else if (RANK[from] === undefined || RANK[to] === undefined) why(`unknown layer; add "${RANK[from] === undefined ? from : to}" to scripts/check-layers.js`)
    else if (RANK[to] >= RANK[from]) why(`${from} may only import layers below it`)
  }
  return problems
}

function checkLayers(srcDir = path.join(__dirname, "..", "src")) {
  return sourceFiles(srcDir).flatMap((file) =>
    violationsIn(path.relative(srcDir, file).split(path.sep).join("/"), fs.readFileSync(file, "utf8"))
  )
}

module.exports = { checkLayers, violationsIn, RANK, SHARED }

if (require.main === module) {
  const problems = checkLayers()
  for (const p of problems) console.error(p)
  console.log(problems.length ? `${problems.length} import(s) against the layering` : "layers: no back-imports")
  process.exit(problems.length ? 1 : 0)
}
