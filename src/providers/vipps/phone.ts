/** MSISDN as Vipps wants it: country code + number, digits only (4791234567). */
export function normalizePhoneNumber(phone: string | undefined, currency: string): string | undefined {
  if (!phone) return undefined
  let digits = phone.replace(/[\s()-]/g, "")
  if (digits.startsWith("+")) digits = digits.slice(1)
  else if (digits.startsWith("00")) digits = digits.slice(2)
  else if (/^\d{8}$/.test(digits)) digits = (currency === "DKK" ? "45" : currency === "NOK" ? "47" : "") + digits
  return /^\d{9,15}$/.test(digits) ? digits : undefined
}
