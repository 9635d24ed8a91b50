/**
 * What differs between the Medusa releases the plugin supports (2.18.0 up to the newest tested),
 * read in one place so the rest of the code never asks which version it runs on:
 * - `release`: the supported range, checked at boot (refuse below it, warn once above what was tested);
 * - `captures`: the label that identifies a Capture row the plugin recorded (2.18 to 2.20 drop it);
 * - `order-items`: the fields an order query needs for exact item quantities and totals (2.18 returns 0).
 * May call: Medusa's framework only.
 */
export * from "./release"
export * from "./captures"
export * from "./order-items"
