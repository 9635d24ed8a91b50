import { generateEntityId } from "@medusajs/framework/utils"
import { Knex, pgConnectionOf } from "./pg-connection"

/**
 * The settings shop admins changed (table `vipps_setting`, models/setting.ts) and their history
 * (`vipps_setting_change`), through the shared PostgreSQL connection: the payment provider
 * reads them from inside the payment module, the workflows, receipts and admin routes from the
 * app container. No cache on purpose: one indexed read per checkout or fulfilment, and every
 * process (server, worker) sees a change at its next use, whatever event bus or cache it runs.
 * Validation is the caller's (the provider's option rules); this file only stores JSON values.
 */
export type StoredSetting = { name: string; value: unknown; updated_at: Date; updated_by: string | null }

export type SettingChange = {
  name: string
  action: "set" | "reset"
  /** Effective values before and after; undefined = no value (the option is unset). */
  old_value: unknown
  new_value: unknown
}

export type SettingChangeRow = {
  id: string
  provider_id: string
  name: string
  action: "set" | "reset"
  old_value: unknown
  new_value: unknown
  actor_id: string | null
  actor_email: string | null
  created_at: Date
}

/** What one save does, decided under the provider's lock from the values stored at that moment. */
export type SettingsUpdate = { set: Record<string, unknown>; reset: string[]; changes: SettingChange[] }

export type SettingsActor = { id: string | null; email: string | null }

const SETTINGS = "vipps_setting"
const CHANGES = "vipps_setting_change"

/** JSON wrapper of a history value: `{ value }`, or `{}` for none (jsonb keeps no `undefined`). */
const wrap = (value: unknown) => JSON.stringify(value === undefined ? {} : { value })
const unwrap = (stored: unknown) =>
  stored && typeof stored === "object" && "value" in (stored as object) ? (stored as { value: unknown }).value : undefined

export class SettingsStore {
  constructor(private readonly knex: Knex) {}

  /** The store on the container's PostgreSQL connection, or undefined without one (unit tests). */
  static fromContainer(container: object): SettingsStore | undefined {
    const knex = pgConnectionOf(container)
    return knex && typeof knex.raw === "function" ? new SettingsStore(knex) : undefined
  }

  /** The admin's values for one provider registration. Index: (provider_id, name). */
  async overrides(providerId: string): Promise<StoredSetting[]> {
    const { rows } = await this.knex.raw(
      `select "name", "value", "updated_at", "updated_by" from "${SETTINGS}" where "provider_id" = ? and "deleted_at" is null`,
      [providerId]
    )
    return rows.map((r) => ({ name: r.name, value: unwrap(r.value), updated_at: r.updated_at, updated_by: r.updated_by ?? null }))
  }

  /**
   * One save: takes the provider's lock (a transaction-scoped advisory lock, so two admins
   * saving at once are applied one after the other), hands the stored values to `plan` (which
   * validates and may throw: nothing is written), then writes the values and the history in the
   * same transaction.
   */
  async update(providerId: string, actor: SettingsActor, plan: (current: StoredSetting[]) => SettingsUpdate): Promise<SettingChangeRow[]> {
    if (typeof this.knex.transaction !== "function") throw new Error("the settings store needs a database connection with transactions")
    return this.knex.transaction(async (trx) => {
      await trx.raw(`select pg_advisory_xact_lock(hashtext(?))`, [`vipps_setting:${providerId}`])
      const current = await new SettingsStore(trx).overrides(providerId)
      const { set, reset, changes } = plan(current)
      for (const [name, value] of Object.entries(set)) {
        await trx.raw(
          `insert into "${SETTINGS}" ("id", "provider_id", "name", "value", "updated_by") values (?, ?, ?, ?::jsonb, ?)
           on conflict ("provider_id", "name") where "deleted_at" is null
           do update set "value" = excluded."value", "updated_by" = excluded."updated_by", "updated_at" = now()`,
          [generateEntityId(undefined, "vset"), providerId, name, wrap(value), actor.email ?? actor.id]
        )
      }
      if (reset.length) {
        await trx.raw(`delete from "${SETTINGS}" where "provider_id" = ? and "name" = any(?)`, [providerId, reset])
      }
      const rows: SettingChangeRow[] = []
      for (const change of changes) {
        const { rows: [row] } = await trx.raw(
          // clock_timestamp(), not the column's default now() (the transaction's start): the rows of
          // one save get increasing times, so "newest first" lists them in reverse order of writing
          // instead of by their ids' random part.
          `insert into "${CHANGES}" ("id", "provider_id", "name", "action", "old_value", "new_value", "actor_id", "actor_email", "created_at")
           values (?, ?, ?, ?, ?::jsonb, ?::jsonb, ?, ?, clock_timestamp()) returning *`,
          [generateEntityId(undefined, "vsetch"), providerId, change.name, change.action, wrap(change.old_value), wrap(change.new_value), actor.id, actor.email]
        )
        rows.push(toChange(row))
      }
      return rows
    })
  }

  /** The newest changes first. Index: (provider_id, created_at). */
  async history(providerId: string, limit = 50): Promise<SettingChangeRow[]> {
    const { rows } = await this.knex.raw(
      `select * from "${CHANGES}" where "provider_id" = ? and "deleted_at" is null order by "created_at" desc, "id" desc limit ?`,
      [providerId, limit]
    )
    return rows.map(toChange)
  }
}

function toChange(row: any): SettingChangeRow {
  return {
    id: row.id,
    provider_id: row.provider_id,
    name: row.name,
    action: row.action,
    old_value: unwrap(row.old_value),
    new_value: unwrap(row.new_value),
    actor_id: row.actor_id ?? null,
    actor_email: row.actor_email ?? null,
    created_at: row.created_at,
  }
}
