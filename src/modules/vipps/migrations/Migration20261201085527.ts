import { Migration } from "@medusajs/framework/mikro-orm/migrations";

export class Migration20261201085527 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table if exists "vipps_movement" drop constraint if exists "vipps_movement_idempotency_key_unique";`);
    this.addSql(`create table if not exists "vipps_movement" ("id" text not null, "payment_id" text null, "msn" text not null, "reference" text not null, "kind" text check ("kind" in ('capture', 'refund', 'cancel')) not null, "amount" integer not null, "currency" text not null, "idempotency_key" text not null, "status" text check ("status" in ('pending', 'done', 'failed', 'rolled_back')) not null default 'pending', "source" text not null, "medusa_record_id" text null, "attempts" integer not null default 1, "last_error" text null, "completed_at" timestamptz null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "vipps_movement_pkey" primary key ("id"));`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_vipps_movement_idempotency_key_unique" ON "vipps_movement" ("idempotency_key") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_vipps_movement_deleted_at" ON "vipps_movement" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_vipps_movement_status_updated_at" ON "vipps_movement" ("status", "updated_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_vipps_movement_reference" ON "vipps_movement" ("reference") WHERE deleted_at IS NULL;`);

    // The reconciliation job's pending-session scan (src/reconciliation/pending-sessions.ts): a small
    // partial index on the payment module's table. If that table does not exist yet, the job creates it.
    this.addSql(`DO $$ BEGIN IF to_regclass('payment_session') IS NOT NULL THEN CREATE INDEX IF NOT EXISTS "IDX_vipps_payment_session_pending" ON "payment_session" ("created_at") WHERE "status" = 'pending' AND "deleted_at" IS NULL; END IF; END $$;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "vipps_movement" cascade;`);
    this.addSql(`DROP INDEX IF EXISTS "IDX_vipps_payment_session_pending";`);
  }

}
