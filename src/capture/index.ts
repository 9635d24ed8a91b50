/**
 * Capture on fulfilment, the money part: what a fulfilment (or shipment, or delivery) is worth
 * and how much to capture for it, the last one taking the exact remainder. Pure functions in
 * exact decimals; the workflows in `workflows/vipps-capture` plan, record and capture with them.
 * May call: src/vipps (money) and Medusa's MathBN only.
 */
export * from "./fulfillment-amounts"
