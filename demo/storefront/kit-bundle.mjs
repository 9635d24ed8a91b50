// Bundles the storefront kit (src/storefront, what `medusa-payment-vipps/storefront` exports)
// with @medusajs/js-sdk into one browser ES module, in memory, when the storefront starts
// (esbuild, which comes with the vite devDependency; about half a second). The demo pages
// import it as /kit.js: they use the kit as a storefront would, with no copy of its logic.
import path from "node:path"
import { fileURLToPath } from "node:url"

const here = path.dirname(fileURLToPath(import.meta.url))

/** Resolves to the bundle's JavaScript source. */
export async function buildKitBundle() {
  const esbuild = await import("esbuild")
  const result = await esbuild.build({
    entryPoints: [path.join(here, "kit-entry.js")],
    bundle: true,
    format: "esm",
    platform: "browser",
    target: "es2020",
    write: false,
    minify: true,
    legalComments: "none",
    logLevel: "silent",
    define: { "process.env.NODE_ENV": JSON.stringify("production") },
  })
  return result.outputFiles[0].text
}
