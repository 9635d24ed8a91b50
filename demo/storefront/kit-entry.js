// What the demo pages import as /kit.js (bundled by demo/storefront/kit-bundle.mjs): the
// plugin's storefront kit, straight from src/storefront, and the Medusa js-sdk it works with.
export * from "../../src/storefront/index.ts"
export { default as Medusa } from "@medusajs/js-sdk"
