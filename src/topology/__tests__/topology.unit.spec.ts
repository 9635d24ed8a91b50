import { topologyWarning } from ".."

describe("boot warning for a split topology without shared modules", () => {
  const redis = { eventBus: "RedisEventBusService", lockingProvider: "locking-redis" }
  const local = { eventBus: "LocalEventBusService", lockingProvider: "in-memory" }

  it("one process (shared mode, or no mode set) needs nothing shared: no warning", () => {
    expect(topologyWarning({ workerMode: "shared", ...local })).toBeUndefined()
    expect(topologyWarning({ workerMode: undefined, ...local })).toBeUndefined()
  })

  it.each(["server", "worker"])("%s with in-memory locking and the local event bus names both modules to configure", (workerMode) => {
    const warning = topologyWarning({ workerMode, ...local })!
    expect(warning).toContain(`workerMode "${workerMode}"`)
    expect(warning).toContain("@medusajs/medusa/locking-redis")
    expect(warning).toContain("@medusajs/medusa/event-bus-redis")
    expect(warning).toContain("Production deployment")
  })

  it("names only what is missing", () => {
    const onlyLocking = topologyWarning({ workerMode: "server", eventBus: redis.eventBus, lockingProvider: "in-memory" })!
    expect(onlyLocking).toContain("locking is in-memory")
    expect(onlyLocking).not.toContain("event bus is local")
    const onlyEvents = topologyWarning({ workerMode: "worker", eventBus: local.eventBus, lockingProvider: "locking-postgres" })!
    expect(onlyEvents).toContain("event bus is local")
    expect(onlyEvents).not.toContain("locking is in-memory")
  })

  it("Redis (or any other shared provider) for both: no warning", () => {
    expect(topologyWarning({ workerMode: "server", ...redis })).toBeUndefined()
    expect(topologyWarning({ workerMode: "worker", eventBus: "RabbitEventBus", lockingProvider: "locking-postgres" })).toBeUndefined()
  })
})
