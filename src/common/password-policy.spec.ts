import fc from 'fast-check';
import commonPasswords from './common-passwords.json';
import { isCommonPassword, PASSWORD_MIN_LENGTH, passwordProblem } from './password-policy';

describe('password policy', () => {
  it('ships the 10,000 most common passwords', () => {
    expect(commonPasswords.passwords).toHaveLength(10_000);
    expect(new Set(commonPasswords.passwords).size).toBe(10_000);
    expect(commonPasswords.passwords.slice(0, 3)).toEqual(['123456', 'password', '12345678']);
  });

  it.each([
    ['', 'password must be at least 12 characters'],
    ['elevenchars', 'password must be at least 12 characters'],
    ['1qaz2wsx3edc', 'password is among the 10,000 most common passwords; choose another'],
    ['QWERTYUIOPASDFGH'.slice(0, 12), null],
    ['qwertyqwerty', 'password is among the 10,000 most common passwords; choose another'],
    ['QwertyQwerty', 'password is among the 10,000 most common passwords; choose another'],
    ['x'.repeat(201), 'password must be at most 200 characters'],
    ['correct horse battery staple', null],
    ['twelve chars', null],
    ['mật khẩu dài đủ', null],
  ])('%j → %j', (password, problem) => {
    expect(passwordProblem(password)).toBe(problem);
  });

  it('names the field it checks', () => {
    expect(passwordProblem('short', 'newPassword')).toMatch(/^newPassword /);
  });

  it('counts characters, not UTF-16 units: 11 emoji are too short, 12 are enough', () => {
    expect(passwordProblem('😀'.repeat(11))).toMatch(/at least/);
    expect(passwordProblem('😀'.repeat(12))).toBeNull();
  });

  it('refuses every listed password, whatever its case; accepts any long random string not listed', () => {
    fc.assert(
      fc.property(fc.constantFrom(...commonPasswords.passwords), (p) => {
        expect(isCommonPassword(p.toUpperCase())).toBe(true);
        if ([...p].length >= PASSWORD_MIN_LENGTH) expect(passwordProblem(p)).not.toBeNull();
      }),
    );
    fc.assert(
      fc.property(fc.string({ minLength: 12, maxLength: 200 }), (p) => {
        fc.pre([...p].length >= PASSWORD_MIN_LENGTH && !isCommonPassword(p));
        expect(passwordProblem(p)).toBeNull();
      }),
    );
  });
});
