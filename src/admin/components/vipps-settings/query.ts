// The settings page's query key: every panel that changes something invalidates it.
export const SETTINGS_KEY = ["vipps-settings"]
