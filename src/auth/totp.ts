import { Secret, TOTP } from 'otpauth';

/** RFC 6238 with the parameters every authenticator app takes: SHA-1, 6 digits, 30 s. */
const ISSUER = 'Dong Hanh';

export const newTotpSecret = (): string => new Secret({ size: 20 }).base32;

export const otpauthUrl = (secret: string, email: string): string =>
  new TOTP({ issuer: ISSUER, label: email, secret: Secret.fromBase32(secret) }).toString();

/** The code for `secret` at `at` (tests and the demo compute what an app would show). */
export const totpCode = (secret: string, at: Date): string =>
  TOTP.generate({ secret: Secret.fromBase32(secret), timestamp: at.getTime() });

/** A 6-digit code for `at`, or for the step before or after (clocks drift). */
export function totpMatches(secret: string, code: string, at: Date): boolean {
  if (!/^\d{6}$/.test(code)) return false;
  return (
    TOTP.validate({ token: code, secret: Secret.fromBase32(secret), timestamp: at.getTime(), window: 1 }) !==
    null
  );
}
