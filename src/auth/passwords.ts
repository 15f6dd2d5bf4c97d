import { hash, verify } from '@node-rs/argon2';

// argon2id (OWASP's first choice for password storage) from @node-rs/argon2: prebuilt per platform,
// no install script and no compiler needed, which keeps `npm ci` working on a bare machine.
export const hashPassword = (password: string): Promise<string> => hash(password); // argon2id is the library's default

export const verifyPassword = (passwordHash: string, password: string): Promise<boolean> =>
  verify(passwordHash, password).catch(() => false);

/** A hash to verify against when the email is unknown, so both answers take the same time. */
let decoyHash: Promise<string> | undefined;
export const decoyPasswordHash = (): Promise<string> =>
  (decoyHash ??= hashPassword('not-a-real-password-decoy'));
