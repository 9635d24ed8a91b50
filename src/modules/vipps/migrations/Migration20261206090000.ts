import { Migration } from "@medusajs/framework/mikro-orm/migrations";

// Go-live evidence (issue 22, item 6): the run's redacted request examples, kept beside its report.
export class Migration20261206090000 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table if exists "vipps_go_live_report" add column if not exists "evidence" jsonb null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table if exists "vipps_go_live_report" drop column if exists "evidence";`);
  }

}
