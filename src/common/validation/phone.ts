import { parsePhoneNumberFromString } from 'libphonenumber-js';

/**
 * The latest answers, by raw input: a request's number is parsed by the DTO's validator and again
 * by the service that stores it, and libphonenumber is a hot path's noticeable cost (issue 13).
 */
const recent = new Map<string, string | null>();
const RECENT_MAX = 1024;

/** A Vietnamese phone number (`0889556655`, `+84889556655`) in E.164, or null when it is not one. */
export function toVietnameseE164(raw: unknown): string | null {
  if (typeof raw !== 'string' || raw.length > 20) return null;
  const known = recent.get(raw);
  if (known !== undefined) return known;
  const phone = parsePhoneNumberFromString(raw.trim(), 'VN');
  const e164 = !phone || phone.country !== 'VN' || !phone.isValid() ? null : phone.number;
  if (recent.size >= RECENT_MAX) recent.clear();
  recent.set(raw, e164);
  return e164;
}
