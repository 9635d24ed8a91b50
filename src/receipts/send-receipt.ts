import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, MathBN } from "@medusajs/framework/utils"
import { ORDER_LINE_FIELDS, orderItemQuantity } from "../medusa-compat"
import { buildReceipt, ReceiptOrder } from "./order-receipt"
import { resolveVippsProvider, VIPPS_PROVIDER_PREFIX } from "../sales-units"
import { voiceOfPayment } from "../providers/vipps/shopper-voice"

const ORDER_FIELDS = [
  "id",
  "display_id",
  "currency_code",
  // Requesting the order total makes Medusa compute the item and shipping totals below.
  "total",
  "items.id",
  "items.title",
  "items.product_title",
  "items.variant_title",
  "items.total",
  "items.tax_total",
  "items.discount_total",
  "items.tax_lines.rate",
  "shipping_methods.id",
  "shipping_methods.name",
  "shipping_methods.total",
  "shipping_methods.tax_total",
  "shipping_methods.tax_lines.rate",
  ...ORDER_LINE_FIELDS,
  "payment_collections.payments.provider_id",
  "payment_collections.payments.data",
]

/**
 * Sends the order's receipt to Vipps MobilePay (shown in the app next to the payment), and,
 * when the provider has `orderDetailsUrl` (as it applies now, settings page included), a link to the order. Never fails the order: a
 * problem is logged and the order stays as it is. A receipt already there (409) is success.
 */
export async function sendVippsReceipt(container: MedusaContainer, orderId: string) {
  const logger = container.resolve(ContainerRegistrationKeys.LOGGER)
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const { data: [order] } = await query.graph({ entity: "order", fields: ORDER_FIELDS, filters: { id: orderId } })
  if (!order) return

  const payments = (order.payment_collections ?? [])
    .flatMap((collection: any) => collection?.payments ?? [])
    .filter((payment: any) => payment?.provider_id?.startsWith(VIPPS_PROVIDER_PREFIX) && payment?.data?.reference)
  for (const payment of payments) {
    const provider = resolveVippsProvider(container, payment.provider_id)
    if (!provider) continue
    const reference = payment.data.reference as string
    try {
      // In the shopper's language (the one the payment started with), like the app around it.
      const voice = voiceOfPayment(payment.data, provider.options)
      await provider.client.orderManagement.addReceipt(reference, buildReceipt(withItemQuantities(order), voice))
      const template = (await provider.effectiveOptions()).orderDetailsUrl
      if (template) {
        const url = template.split("{order_id}").join(order.id).split("{display_id}").join(String(order.display_id ?? ""))
        await provider.client.orderManagement.putCategory(reference, { category: "ORDER_CONFIRMATION", orderDetailsUrl: url })
      }
    } catch (error) {
      logger.warn(`Vipps MobilePay receipt for order ${order.id} (${reference}) not sent: ${(error as Error).message}`)
    }
  }
}

/** The order with each item's quantity where buildReceipt reads it, whichever field the Medusa release filled. */
function withItemQuantities(order: any): ReceiptOrder {
  const items = (order.items ?? []).filter(Boolean).map((item: any) => ({ ...item, quantity: MathBN.convert((orderItemQuantity(item) ?? 0) as any).toNumber() }))
  return { ...order, items } as ReceiptOrder
}
