// The folder layering of src/ (see scripts/check-layers.js and the README's "How it is built").
const { checkLayers, violationsIn } = require("../../scripts/check-layers.js")

describe("source layering", () => {
  it("has no import that runs up the stack anywhere in src", () => {
    expect(checkLayers()).toEqual([])
  })

  it("flags a domain module that imports a workflow", () => {
    const code = `import { releaseVippsPaymentWorkflow } from "../workflows/vipps-admin/release-payment"\n`
    expect(violationsIn("payment-sync/sync-payment.ts", code)).toEqual([
      expect.stringContaining("payment-sync may only import layers below it"),
    ])
  })

  it("flags the provider importing domain code and the client importing the provider", () => {
    expect(violationsIn("providers/vipps/service.ts", `import { x } from "../../sales-units"`)).toHaveLength(1)
    expect(violationsIn("vipps/client.ts", `export { y } from "../providers/vipps/options"`)).toHaveLength(1)
  })

  it("lets the admin UI import admin-api types only", () => {
    expect(violationsIn("admin/lib/vipps-types.ts", `import type { VippsPaymentView } from "../../admin-api/payment-view"`)).toEqual([])
    expect(violationsIn("admin/lib/vipps-types.ts", `import { buildPaymentView } from "../../admin-api/payment-view"`)).toHaveLength(1)
  })

  it("keeps the storefront kit (browser code) and the plugin apart", () => {
    expect(violationsIn("storefront/start-payment.ts", `import { toMinorUnits } from "../vipps"`)).toHaveLength(1)
    expect(violationsIn("api/store/vipps/route.ts", `import { startVippsPayment } from "../../../storefront"`)).toHaveLength(1)
  })

  it("lets the storefront kit and the server layers share the shopper texts, which import nothing", () => {
    expect(violationsIn("storefront/button.ts", `import { buttonCaption } from "../shopper-texts"`)).toEqual([])
    expect(violationsIn("vipps/errors.ts", `import { shopperText } from "../shopper-texts"`)).toEqual([])
    expect(violationsIn("api/store/vipps/route.ts", `import { shopperText } from "../../../shopper-texts"`)).toEqual([])
    expect(violationsIn("shopper-texts/texts.ts", `import { toMinorUnits } from "../vipps"`)).toHaveLength(1)
    expect(violationsIn("shopper-texts/texts.ts", `import { startVippsPayment } from "../storefront"`)).toHaveLength(1)
    expect(violationsIn("sandbox/landing.ts", `import { shopperText } from "../shopper-texts"`)).toHaveLength(1)
  })

  it("keeps the sandbox and the plugin apart", () => {
    expect(violationsIn("sandbox/server.ts", `import { toMinorUnits } from "../vipps"`)).toHaveLength(1)
    expect(violationsIn("vipps/client.ts", `import { startSandbox } from "../sandbox"`)).toHaveLength(1)
  })

  it("accepts imports of lower layers and of the same folder", () => {
    const code = `import { syncVippsPayment } from "../payment-sync"\nimport { MAX } from "./process-event"\nimport type { VippsOptions } from "../providers/vipps/options"`
    expect(violationsIn("webhooks/registration.ts", code)).toEqual([])
  })
})
