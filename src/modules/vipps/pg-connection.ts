/**
 * The shared PostgreSQL connection (`__pg_connection__`, knex) from any container the plugin's
 * code runs in: the payment provider's cradle (inside Medusa's payment module, which cannot
 * resolve this module) or the app container (routes, subscribers, workflows, jobs). The
 * movement journal and the settings store write through it.
 */

/** The slice of knex the plugin needs. */
export type Knex = {
  raw(sql: string, bindings?: unknown[]): Promise<{ rows: any[] }>
  transaction?<T>(run: (trx: Knex) => Promise<T>): Promise<T>
}

const PG_CONNECTION = "__pg_connection__"

/** A module's cradle (the provider's) resolves by property; an awilix container (app, workflows, jobs) by resolve(). */
export function pgConnectionOf(container: object): Knex | undefined {
  try {
    const fromCradle = (container as Record<string, unknown>)[PG_CONNECTION] as Knex | undefined
    if (fromCradle) return fromCradle
  } catch {
    // a cradle without the registration
  }
  try {
    const resolve = (container as { resolve?: (key: string) => unknown }).resolve
    return typeof resolve === "function" ? (resolve.call(container, PG_CONNECTION) as Knex) : undefined
  } catch {
    return undefined
  }
}
