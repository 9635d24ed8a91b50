// Express payments: the shipping the shopper chose in the app and the profile they shared (phone and email masked).
import { Badge, Text } from "@medusajs/ui"
import { NO_VALUE } from "../../lib/format"
import { useVippsTranslation } from "../../lib/use-vipps-translation"
import { VippsPaymentView } from "../../lib/vipps-types"

export function ExpressDetails({ view }: { view: VippsPaymentView }) {
  const { t, money } = useVippsTranslation()
  const express = view.express
  if (!express) return null
  const rows: [string, string, string][] = [
    [t("express.shipping"), express.shipping_option_name ?? NO_VALUE, "vipps-express-shipping"],
    [t("express.shippingAmount"), express.shipping_amount ? money(view.currency, express.shipping_amount) : NO_VALUE, "vipps-express-shipping-amount"],
    [t("express.name"), express.name ?? NO_VALUE, "vipps-express-name"],
    [t("express.email"), express.email ?? NO_VALUE, "vipps-express-email"],
    [t("express.phone"), express.phone ?? NO_VALUE, "vipps-express-phone"],
    [t("express.address"), express.address ?? NO_VALUE, "vipps-express-address"],
  ]
  return (
    <div className="flex flex-col gap-y-2 px-6 py-4" data-testid="vipps-express">
      <div className="flex items-center justify-between gap-x-4">
        <Text size="small" leading="compact" weight="plus">{t("express.title")}</Text>
        <Badge size="2xsmall" color="blue" data-testid="vipps-express-mode" data-value={express.shipping}>
          {express.shipping === "dynamic" ? t("express.dynamicShipping") : t("express.fixedShipping")}
        </Badge>
      </div>
      {rows.map(([label, value, testId]) => (
        <div key={testId} className="grid grid-cols-[auto_1fr] items-start gap-x-4">
          <Text size="small" leading="compact" className="text-ui-fg-subtle">{label}</Text>
          <Text size="small" leading="compact" className="text-right break-words" data-testid={testId} data-value={value}>{value}</Text>
        </div>
      ))}
    </div>
  )
}
