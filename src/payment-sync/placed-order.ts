import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"

/**
 * The order a payment collection already paid for, read from Medusa only (its links to the
 * cart and the order). Once the order exists, Medusa holds everything the return page needs:
 * it answers from here without asking Vipps again.
 */
export async function placedOrderOf(container: MedusaContainer, paymentCollectionId: string): Promise<{ order_id?: string; cart_id?: string }> {
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const [orders, carts] = await Promise.all([
    query.graph({ entity: "order_payment_collection", fields: ["order_id"], filters: { payment_collection_id: paymentCollectionId } }),
    query.graph({ entity: "cart_payment_collection", fields: ["cart_id"], filters: { payment_collection_id: paymentCollectionId } }),
  ])
  return {
    order_id: (orders.data[0] as { order_id?: string } | undefined)?.order_id,
    cart_id: (carts.data[0] as { cart_id?: string } | undefined)?.cart_id,
  }
}
