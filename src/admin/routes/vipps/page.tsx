import { defineRouteConfig } from "@medusajs/admin-sdk"
import { CreditCard } from "@medusajs/icons"
import { PaymentsTable } from "../../components/vipps-payments-page/payments-table"

/**
 * The "Vipps MobilePay" page (its own sidebar entry): every Vipps payment attempt, also those
 * that never became an order, with search, filters, the payments that need a person, and a CSV
 * export. A row opens routes/vipps/[reference]. A thin shell: the parts are in
 * ../../components/vipps-payments-page/. `data-testid`s are a contract with the browser test
 * (integration-tests/browser/payments-page.mjs).
 */
const VippsPaymentsPage = () => <PaymentsTable />

// The menu entry's label is the brand, the same in every language (route configs are read
// outside React, where the plugin's texts cannot be looked up).
export const config = defineRouteConfig({
  label: "Vipps MobilePay",
  icon: CreditCard,
})

export default VippsPaymentsPage
