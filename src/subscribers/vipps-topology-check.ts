import { container } from "@medusajs/framework"
import { warnAboutSingleProcessModules } from "../topology"

/**
 * Boot-time check, not an event handler. Medusa has no boot hook for plugins that runs in every
 * worker mode, but it imports every subscriber file at boot in all of them ("server", "worker",
 * "shared"), after the modules are loaded: the check runs on that import, against the app's
 * container. It warns when a split topology uses in-memory locking or the local event bus.
 */
warnAboutSingleProcessModules(container)

// Subscribes to nothing (an empty event list registers no handler).
export default async function vippsTopologyCheck() {}

export const config = { event: [] as string[] }
