import {
  findOrCreateCustomerStep,
  listShippingOptionsForCartWithPricingWorkflow,
  removeShippingMethodFromCartStep,
  addShippingMethodToCartStep,
  updateCartPromotionsWorkflow,
  updateCartsStep,
  updateTaxLinesWorkflow,
  useQueryGraphStep,
} from "@medusajs/medusa/core-flows"
import { ContainerRegistrationKeys, MedusaError, Modules, PromotionActions } from "@medusajs/framework/utils"
import { WorkflowData, WorkflowResponse, createWorkflow, transform } from "@medusajs/framework/workflows-sdk"
import type { MedusaContainer } from "@medusajs/framework/types"
import { fromMinorUnits, toMinorUnits } from "../vipps"
import type { GetPaymentResponse } from "../vipps"
import { aggregateInMinorUnits } from "../providers/vipps/session-data"
import type { ExpressSessionData, VippsSessionData } from "../providers/vipps/session-data"
import { expressDetailsOf, ExpressAddress } from "./profile"
import type { ShopperNotice } from "../shopper-texts"

type FillInput = {
  cart_id: string
  customer_id?: string | null
  email: string
  address: ExpressAddress
  shipping_option_id: string
}

/**
 * Fills an express cart from what the shopper shared in the app — contact, address (billing =
 * shipping), the chosen shipping method, tax lines and promotions — with the steps Medusa's own
 * cart workflows use, but without their payment-collection refresh: that refresh deletes every
 * payment session once the total changes (core-flows refresh-payment-collection), and deleting
 * the authorized session would cancel the Vipps payment the shopper just approved.
 */
export const fillExpressCartWorkflow = createWorkflow("vipps-express-fill-cart", (input: WorkflowData<FillInput>) => {
  const customer = findOrCreateCustomerStep({ customerId: input.customer_id, email: input.email })
  const cartUpdate = transform({ input, customer }, ({ input, customer }) => [
    {
      id: input.cart_id,
      email: input.email,
      // The way Medusa's updateCartWorkflow links a guest (or the registered customer with that email).
      customer_id: customer.customer?.id ?? input.customer_id ?? undefined,
      shipping_address: input.address,
      billing_address: input.address,
    },
  ])
  updateCartsStep(cartUpdate as any)

  const options = listShippingOptionsForCartWithPricingWorkflow.runAsStep({
    input: { cart_id: input.cart_id, options: [{ id: input.shipping_option_id }], is_return: false },
  })
  const { data: carts } = useQueryGraphStep({
    entity: "cart",
    fields: ["id", "shipping_methods.id"],
    filters: { id: input.cart_id },
  }).config({ name: "express-cart-shipping-methods" })

  const method = transform({ input, options }, ({ input, options }) => {
    const option = (options as any[]).find((o) => o.id === input.shipping_option_id)
    if (!option || option.amount == null) {
      throw new MedusaError(MedusaError.Types.NOT_ALLOWED, SHIPPING_GONE)
    }
    return [{
      cart_id: input.cart_id,
      shipping_option_id: option.id,
      name: option.name,
      amount: option.amount,
      is_tax_inclusive: !!option.is_tax_inclusive,
      data: {},
    }]
  })
  const existing = transform({ carts }, ({ carts }) => ((carts as any[])[0]?.shipping_methods ?? []).map((m: { id: string }) => m.id))
  removeShippingMethodFromCartStep({ shipping_method_ids: existing })
  addShippingMethodToCartStep({ shipping_methods: method as any })

  updateTaxLinesWorkflow.runAsStep({ input: { cart_id: input.cart_id, force_tax_calculation: true } })
  updateCartPromotionsWorkflow.runAsStep({
    input: { cart_id: input.cart_id, promo_codes: [], action: PromotionActions.ADD, force_refresh_payment_collection: false },
  })
  return new WorkflowResponse(undefined)
})

export type FillResult = { ok: true } | { ok: false; notice: ShopperNotice }

// Medusa's workflow errors come back as messages: this one is ours, said to the shopper by its code.
const SHIPPING_GONE = "The shipping option chosen in the app can no longer deliver this cart"

type Session = { id: string; amount: unknown; currency_code: string; payment_collection_id: string; data: Record<string, unknown> }

/** Is this payment session an express payment? */
export function isExpressSession(session: { data?: Record<string, unknown> | null }): boolean {
  return !!(session.data as VippsSessionData | undefined)?.express
}

/**
 * After Vipps authorized an express payment: fill the cart from `userDetails` and
 * `shippingDetails`, check that Medusa's total for it is exactly what Vipps authorized (incl.
 * shipping), and move the payment collection and the session to that total, so the cart can
 * be completed with the authorized session. `ok: false` says, for the shopper, why not.
 */
export async function fillExpressCart(container: MedusaContainer, cartId: string, session: Session, payment: GetPaymentResponse): Promise<FillResult> {
  const logger = container.resolve(ContainerRegistrationKeys.LOGGER)
  const data = session.data as unknown as VippsSessionData
  const express = data.express as ExpressSessionData
  const details = expressDetailsOf(payment)
  if (!details.ok) return details
  const authorized = aggregateInMinorUnits(payment).authorized

  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const read = async () =>
    (await query.graph({ entity: "cart", fields: ["id", "customer_id", "currency_code", "total", "raw_total"], filters: { id: cartId } })).data[0] as any

  const before = await read()
  const { errors } = await fillExpressCartWorkflow(container).run({
    input: { cart_id: cartId, customer_id: before?.customer_id, email: details.email, address: details.address, shipping_option_id: details.shippingOptionId },
    throwOnError: false,
  })
  if (errors?.length) {
    const reason = (errors[0].error as Error)?.message ?? "unknown error"
    logger.warn(`Vipps MobilePay express ${data.reference}: the cart could not be filled in: ${reason}`)
    if (reason === SHIPPING_GONE) return { ok: false, notice: { code: "vipps_express_shipping_unavailable" } }
    return { ok: false, notice: { code: "vipps_order_not_placed", params: { reason: lowerFirst(reason) } } }
  }

  const cart = await read()
  let total: number | undefined
  try {
    total = toMinorUnits(cart.raw_total ?? cart.total, data.currency)
  } catch {
    total = undefined // more decimals than the currency has: never equal to an authorized amount
  }
  if (total !== authorized) {
    const now = `${total !== undefined ? fromMinorUnits(total, data.currency) : String(cart.total)} ${data.currency}`
    const reserved = `${fromMinorUnits(authorized, data.currency)} ${data.currency}`
    return { ok: false, notice: { code: "vipps_express_price_changed", params: { now, reserved } } }
  }

  const paymentModule = container.resolve(Modules.PAYMENT)
  await paymentModule.updatePaymentCollections(session.payment_collection_id, { amount: cart.raw_total ?? cart.total } as any)
  await paymentModule.updatePaymentSession({
    id: session.id,
    amount: cart.raw_total ?? cart.total,
    currency_code: session.currency_code,
    data: {
      ...data,
      amount: authorized,
      express: {
        ...express,
        filled_at: new Date().toISOString(),
        shipping_option_id: details.shippingOptionId,
        shipping_option_name: details.shippingOptionName,
        shipping_amount: details.shippingCost,
      },
    },
  })
  return { ok: true }
}

function lowerFirst(text: string) {
  return text.replace(/\.$/, "").replace(/^[A-Z](?=[a-z])/, (c) => c.toLowerCase())
}
