export * from "./capture-fulfillment"
export * from "./capture-authorization"
export * from "./release-remainder"
export type { CaptureFailure, RemainderRelease, CaptureRecord, VippsCaptureData } from "./payment-data"
