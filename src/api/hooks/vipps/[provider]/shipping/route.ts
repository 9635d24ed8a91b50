import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { findSessionByReference } from "../../../../../payment-sync"
import { toProviderId } from "../../../../../sales-units"
import { answerShippingCallback, parseShippingCallback } from "../../../../../express"

/**
 * Vipps MobilePay's dynamic shipping callback for express payments of one provider
 * (`/hooks/vipps/vipps/shipping` → `pp_vipps_vipps`): the address the shopper picked in the app
 * in, the shipping groups Medusa can deliver there out. A wrong or missing `Authorization`
 * (the payment's callbackAuthorizationToken) gets 401 and no options.
 */
export const POST = async (req: MedusaRequest, res: MedusaResponse) => {
  const logger = req.scope.resolve(ContainerRegistrationKeys.LOGGER)
  const providerId = toProviderId(req.params.provider)
  const request = parseShippingCallback(req.body)
  if (!request) {
    res.status(400).json({ message: "Expected reference, AddressLine1, City, PostCode and Country" })
    return
  }
  const session = await findSessionByReference(req.scope, request.reference)
  const started = Date.now()
  const answer = await answerShippingCallback(req.scope, providerId, req.headers.authorization, request, session)
  if (answer.status === 401) logger.warn(`Vipps MobilePay shipping callback for ${request.reference} refused: wrong or missing token.`)
  else logger.debug?.(`Vipps MobilePay shipping callback for ${request.reference}: ${Date.now() - started} ms`)
  res.status(answer.status).json(answer.body)
}
