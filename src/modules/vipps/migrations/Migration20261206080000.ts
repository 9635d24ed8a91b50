import { Migration } from "@medusajs/framework/mikro-orm/migrations";

// Payments page (issue 23): one row per Vipps reference, kept by the plugin (payment-attempts.ts),
// with an index for every search, filter and needs-attention count of the admin's list.
// Filled for payments made before this version by src/migration-scripts/vipps-payment-attempts-backfill.ts.
// The SQL is written out here, not imported: a migration must stay what it was when it shipped.

/** What Vipps is still holding for the shop: authorized and neither captured nor released. */
const UNCAPTURED_SQL = `case when "state" = 'AUTHORIZED' then greatest("authorized" - "captured" - "cancelled", 0) else 0 end`

/** Table and indexes. Nothing else is exported: older MikroORM releases (Medusa 2.18) take a migration file's first export as its class. */
const PAYMENT_ATTEMPT_DDL = [
  `create table if not exists "vipps_payment_attempt" (
    "reference" text not null primary key,
    "psp_reference" text null,
    "session_id" text not null,
    "payment_id" text null,
    "provider_id" text not null,
    "msn" text null,
    "cart_id" text null,
    "order_id" text null,
    "order_display_id" integer null,
    "email" text null,
    "phone" text null,
    "phone_digits" text null,
    "currency" text not null,
    "amount" bigint not null default 0,
    "authorized" bigint not null default 0,
    "captured" bigint not null default 0,
    "refunded" bigint not null default 0,
    "cancelled" bigint not null default 0,
    "medusa_captured" bigint null,
    "medusa_refunded" bigint null,
    "state" text not null default 'CREATED',
    "capture_deadline" timestamptz null,
    "capture_refused" integer not null default 0,
    "completion" text null,
    "last_event_at" timestamptz null,
    "uncaptured" bigint generated always as (${UNCAPTURED_SQL}) stored,
    "amount_mismatch" boolean generated always as ("payment_id" is not null and ("medusa_captured" <> "captured" or "medusa_refunded" <> "refunded")) stored,
    "created_at" timestamptz not null default now(),
    "updated_at" timestamptz not null default now()
  );`,
  `CREATE INDEX IF NOT EXISTS "IDX_vipps_payment_attempt_created_at" ON "vipps_payment_attempt" ("created_at", "reference");`,
  `CREATE INDEX IF NOT EXISTS "IDX_vipps_payment_attempt_psp_reference" ON "vipps_payment_attempt" ("psp_reference") WHERE "psp_reference" IS NOT NULL;`,
  `CREATE INDEX IF NOT EXISTS "IDX_vipps_payment_attempt_session_id" ON "vipps_payment_attempt" ("session_id");`,
  `CREATE INDEX IF NOT EXISTS "IDX_vipps_payment_attempt_payment_id" ON "vipps_payment_attempt" ("payment_id") WHERE "payment_id" IS NOT NULL;`,
  `CREATE INDEX IF NOT EXISTS "IDX_vipps_payment_attempt_display_id" ON "vipps_payment_attempt" ("order_display_id") WHERE "order_display_id" IS NOT NULL;`,
  `CREATE INDEX IF NOT EXISTS "IDX_vipps_payment_attempt_email" ON "vipps_payment_attempt" ("email" text_pattern_ops) WHERE "email" IS NOT NULL;`,
  `CREATE INDEX IF NOT EXISTS "IDX_vipps_payment_attempt_phone_digits" ON "vipps_payment_attempt" ("phone_digits") WHERE "phone_digits" IS NOT NULL;`,
  `CREATE INDEX IF NOT EXISTS "IDX_vipps_payment_attempt_state_created" ON "vipps_payment_attempt" ("state", "created_at");`,
  `CREATE INDEX IF NOT EXISTS "IDX_vipps_payment_attempt_msn_created" ON "vipps_payment_attempt" ("msn", "created_at");`,
  `CREATE INDEX IF NOT EXISTS "IDX_vipps_payment_attempt_provider_created" ON "vipps_payment_attempt" ("provider_id", "created_at");`,
  // Needs attention: each reason is a small partial index, so its count and its filter stay cheap.
  `CREATE INDEX IF NOT EXISTS "IDX_vipps_payment_attempt_no_order" ON "vipps_payment_attempt" ("created_at") WHERE "state" = 'AUTHORIZED' AND "order_id" IS NULL AND "uncaptured" > 0;`,
  `CREATE INDEX IF NOT EXISTS "IDX_vipps_payment_attempt_uncaptured_deadline" ON "vipps_payment_attempt" ("capture_deadline") WHERE "uncaptured" > 0;`,
  `CREATE INDEX IF NOT EXISTS "IDX_vipps_payment_attempt_refused" ON "vipps_payment_attempt" ("created_at") WHERE "capture_refused" > 0;`,
  `CREATE INDEX IF NOT EXISTS "IDX_vipps_payment_attempt_mismatch" ON "vipps_payment_attempt" ("created_at") WHERE "amount_mismatch";`,
  `CREATE INDEX IF NOT EXISTS "IDX_vipps_payment_attempt_open_msn" ON "vipps_payment_attempt" ("msn", "created_at") WHERE "state" = 'CREATED' OR "uncaptured" > 0;`,
]

export class Migration20261206080000 extends Migration {

  override async up(): Promise<void> {
    for (const sql of PAYMENT_ATTEMPT_DDL) this.addSql(sql);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "vipps_payment_attempt" cascade;`);
  }

}
