import { Migration } from "@medusajs/framework/mikro-orm/migrations";

export class Migration20261123231552 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table if exists "vipps_webhook_registration" drop constraint if exists "vipps_webhook_registration_provider_id_unique";`);
    this.addSql(`alter table if exists "vipps_webhook_event" drop constraint if exists "vipps_webhook_event_dedupe_key_unique";`);
    this.addSql(`create table if not exists "vipps_webhook_event" ("id" text not null, "provider_id" text not null, "dedupe_key" text not null, "reference" text not null, "name" text not null, "psp_reference" text not null, "msn" text not null, "amount" integer not null, "currency" text not null, "success" boolean not null, "idempotency_key" text null, "occurred_at" timestamptz not null, "status" text check ("status" in ('received', 'processed', 'failed')) not null default 'received', "attempts" integer not null default 0, "error" text null, "processed_at" timestamptz null, "payload" jsonb not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "vipps_webhook_event_pkey" primary key ("id"));`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_vipps_webhook_event_dedupe_key_unique" ON "vipps_webhook_event" ("dedupe_key") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_vipps_webhook_event_deleted_at" ON "vipps_webhook_event" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_vipps_webhook_event_reference" ON "vipps_webhook_event" ("reference") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_vipps_webhook_event_status" ON "vipps_webhook_event" ("status") WHERE deleted_at IS NULL;`);

    this.addSql(`create table if not exists "vipps_webhook_registration" ("id" text not null, "provider_id" text not null, "vipps_webhook_id" text not null, "url" text not null, "secret" text not null, "events" text[] not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "vipps_webhook_registration_pkey" primary key ("id"));`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_vipps_webhook_registration_provider_id_unique" ON "vipps_webhook_registration" ("provider_id") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_vipps_webhook_registration_deleted_at" ON "vipps_webhook_registration" ("deleted_at") WHERE deleted_at IS NULL;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "vipps_webhook_event" cascade;`);

    this.addSql(`drop table if exists "vipps_webhook_registration" cascade;`);
  }

}
