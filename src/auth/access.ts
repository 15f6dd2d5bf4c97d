import type { Role } from '../common/roles';

/** What a token's holder may still do, as the users row says now. */
export interface AccessState {
  disabled: boolean;
  tokenVersion: number;
  mustChangePassword: boolean;
  otpEnabled: boolean;
  role: Role;
}

/** A token good only for one errand: choosing a new password, or setting up TOTP. */
export type Restriction = 'password_change' | 'otp_enrolment';

export type Access = { ok: false } | { ok: true; restriction: Restriction | null };

/**
 * Whether a verified token still holds: the user exists and is enabled, the token's version is the
 * user's current one, the role it claims is the user's role. A user who must change their password,
 * or must enrol TOTP (their role is in MFA_REQUIRED_ROLES and they have none), gets a restricted pass.
 */
export function accessFor(
  token: { version: number; role: Role },
  state: AccessState | null,
  mfaRequiredRoles: readonly Role[],
): Access {
  if (!state || state.disabled || state.tokenVersion !== token.version || state.role !== token.role)
    return { ok: false };
  if (state.mustChangePassword) return { ok: true, restriction: 'password_change' };
  if (mfaRequiredRoles.includes(state.role) && !state.otpEnabled)
    return { ok: true, restriction: 'otp_enrolment' };
  return { ok: true, restriction: null };
}
