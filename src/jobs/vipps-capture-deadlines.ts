import type { MedusaContainer } from "@medusajs/framework/types"
import { warnCaptureDeadlines } from "../reconciliation"

/** Hourly: money still uncaptured close to (or past) its capture deadline is said once in the log. */
export default async function vippsCaptureDeadlinesJob(container: MedusaContainer) {
  await warnCaptureDeadlines(container)
}

export const config = {
  name: "vipps-capture-deadlines",
  schedule: "23 * * * *",
}
