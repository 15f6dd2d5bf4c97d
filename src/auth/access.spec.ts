import { accessFor, type AccessState } from './access';

const state = (over: Partial<AccessState> = {}): AccessState => ({
  disabled: false,
  tokenVersion: 3,
  mustChangePassword: false,
  otpEnabled: false,
  role: 'coordinator',
  ...over,
});
const token = { version: 3, role: 'coordinator' as const };

describe('accessFor', () => {
  it.each([
    ['current token of an enabled user', state(), [], { ok: true, restriction: null }],
    ['user gone', null, [], { ok: false }],
    ['user disabled', state({ disabled: true }), [], { ok: false }],
    ['token version moved on (logout, new password, reset)', state({ tokenVersion: 4 }), [], { ok: false }],
    ['role changed', state({ role: 'care_team' }), [], { ok: false }],
    [
      'reset: must choose a new password',
      state({ mustChangePassword: true }),
      [],
      { ok: true, restriction: 'password_change' },
    ],
    ['role must use TOTP, none set up', state(), ['coordinator'], { ok: true, restriction: 'otp_enrolment' }],
    [
      'role must use TOTP, set up',
      state({ otpEnabled: true }),
      ['coordinator'],
      { ok: true, restriction: null },
    ],
    ['another role must use TOTP', state(), ['admin'], { ok: true, restriction: null }],
    [
      'both: the password first',
      state({ mustChangePassword: true }),
      ['coordinator'],
      { ok: true, restriction: 'password_change' },
    ],
  ] as const)('%s', (_, s, mfa, expected) => {
    expect(accessFor(token, s, mfa)).toEqual(expected);
  });
});
