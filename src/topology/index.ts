/**
 * Guard rail for Medusa's production topology (README, "Production deployment"): a store split
 * into a worker and servers needs modules shared between processes. The plugin's payment locks go
 * through Medusa's Locking Module and its webhook processing and captures through the event bus;
 * in-memory locking or the local event bus silently stop working across processes (two servers
 * placing one cart twice, events never reaching the worker).
 */
import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"

export type TopologyFacts = {
  workerMode: string | undefined
  /** Class name of the Event Bus Module's service, e.g. LocalEventBusService. */
  eventBus: string | undefined
  /** Id of the Locking Module's default provider, e.g. "in-memory" or "locking-redis". */
  lockingProvider: string | undefined
}

const LOCAL_EVENT_BUS = "LocalEventBusService"
const IN_MEMORY_LOCKING = "in-memory"

/** The warning to log at boot, or undefined when the modules fit the worker mode. */
export function topologyWarning(facts: TopologyFacts): string | undefined {
  if (facts.workerMode !== "server" && facts.workerMode !== "worker") return undefined
  const missing: string[] = []
  if (facts.lockingProvider === IN_MEMORY_LOCKING) {
    missing.push(`locking is in-memory: register "@medusajs/medusa/locking" with the "@medusajs/medusa/locking-redis" provider as default`)
  }
  if (facts.eventBus === LOCAL_EVENT_BUS) {
    missing.push(`the event bus is local: register "@medusajs/medusa/event-bus-redis"`)
  }
  if (!missing.length) return undefined
  return (
    `Vipps MobilePay: Medusa runs with workerMode "${facts.workerMode}", but ${missing.join("; ")}. ` +
    `With more than one Medusa process the plugin's payment locks and webhook processing are not shared between them: ` +
    `configure these modules (and "@medusajs/medusa/workflow-engine-redis") on every process; see the plugin README, "Production deployment".`
  )
}

/** Reads the facts from a booted container; whatever cannot be resolved stays undefined. */
export function topologyFacts(container: MedusaContainer): TopologyFacts {
  return {
    workerMode: read(() => container.resolve(ContainerRegistrationKeys.CONFIG_MODULE).projectConfig.workerMode),
    eventBus: read(() => (container.resolve(Modules.EVENT_BUS) as object).constructor.name),
    lockingProvider: read(() => (container.resolve(Modules.LOCKING) as unknown as { defaultProviderId?: string }).defaultProviderId),
  }
}

/** Logs the topology warning, if any, once per process. */
export function warnAboutSingleProcessModules(container: MedusaContainer): string | undefined {
  const warning = topologyWarning(topologyFacts(container))
  if (warning) read(() => container.resolve(ContainerRegistrationKeys.LOGGER).warn(warning))
  return warning
}

function read<T>(fn: () => T): T | undefined {
  try {
    return fn()
  } catch {
    return undefined // not registered (e.g. a container without that module)
  }
}
