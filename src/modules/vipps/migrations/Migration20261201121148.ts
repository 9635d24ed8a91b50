import { Migration } from "@medusajs/framework/mikro-orm/migrations";

export class Migration20261201121148 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table if exists "vipps_go_live_report" drop constraint if exists "vipps_go_live_report_provider_id_unique";`);
    this.addSql(`create table if not exists "vipps_go_live_report" ("id" text not null, "provider_id" text not null, "mode" text check ("mode" in ('test', 'production')) not null, "passed" boolean not null, "ran_at" timestamptz not null, "report" jsonb not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "vipps_go_live_report_pkey" primary key ("id"));`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_vipps_go_live_report_provider_id_unique" ON "vipps_go_live_report" ("provider_id") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_vipps_go_live_report_deleted_at" ON "vipps_go_live_report" ("deleted_at") WHERE deleted_at IS NULL;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "vipps_go_live_report" cascade;`);
  }

}
