import { Migration } from "@medusajs/framework/mikro-orm/migrations";

// Webhook health (issue 22, item 3): the secret a re-registration replaced, still accepted for a
// while, and the last check of the registration at Vipps.
export class Migration20261206060000 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table if exists "vipps_webhook_registration" add column if not exists "previous_secret" text null, add column if not exists "previous_secret_until" timestamptz null, add column if not exists "health" jsonb null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table if exists "vipps_webhook_registration" drop column if exists "previous_secret", drop column if exists "previous_secret_until", drop column if exists "health";`);
  }

}
