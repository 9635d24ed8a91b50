import { AttemptDetail } from "../../../components/vipps-payments-page/attempt-detail"

/**
 * One Vipps payment attempt, opened from the payments page: with a Medusa payment, the order
 * card (event log and actions); without one, its facts, cart, event log and the release action.
 * Either way, why it needs attention. The parts are in ../../../components/vipps-payments-page/.
 */
const VippsPaymentAttemptPage = () => <AttemptDetail />

export default VippsPaymentAttemptPage
