import { parsePhoneNumberFromString } from 'libphonenumber-js';

/** A Vietnamese phone number (`0889556655`, `+84889556655`) in E.164, or null when it is not one. */
export function toVietnameseE164(raw: unknown): string | null {
  if (typeof raw !== 'string' || raw.length > 20) return null;
  const phone = parsePhoneNumberFromString(raw.trim(), 'VN');
  if (!phone || phone.country !== 'VN' || !phone.isValid()) return null;
  return phone.number;
}
