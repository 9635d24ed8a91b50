import { Migration } from "@medusajs/framework/mikro-orm/migrations";
import { PAYMENT_ATTEMPT_DDL } from "../payment-attempts";

// Payments page (issue 23): one row per Vipps reference, kept by the plugin (payment-attempts.ts),
// with an index for every search, filter and needs-attention count of the admin's list.
// Filled for payments made before this version by the reconciliation job (backfill).
export class Migration20261206080000 extends Migration {

  override async up(): Promise<void> {
    for (const sql of PAYMENT_ATTEMPT_DDL) this.addSql(sql);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "vipps_payment_attempt" cascade;`);
  }

}
