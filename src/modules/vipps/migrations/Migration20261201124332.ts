import { Migration } from "@medusajs/framework/mikro-orm/migrations";

export class Migration20261201124332 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table if not exists "vipps_setting" ("id" text not null, "provider_id" text not null, "name" text not null, "value" jsonb not null, "updated_by" text null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "vipps_setting_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_vipps_setting_deleted_at" ON "vipps_setting" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_vipps_setting_provider_name" ON "vipps_setting" ("provider_id", "name") WHERE deleted_at IS NULL;`);

    this.addSql(`create table if not exists "vipps_setting_change" ("id" text not null, "provider_id" text not null, "name" text not null, "old_value" jsonb not null, "new_value" jsonb not null, "action" text check ("action" in ('set', 'reset')) not null, "actor_id" text null, "actor_email" text null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "vipps_setting_change_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_vipps_setting_change_deleted_at" ON "vipps_setting_change" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_vipps_setting_change_provider_created" ON "vipps_setting_change" ("provider_id", "created_at") WHERE deleted_at IS NULL;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "vipps_setting" cascade;`);

    this.addSql(`drop table if exists "vipps_setting_change" cascade;`);
  }

}
