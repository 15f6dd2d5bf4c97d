import { hash, verify } from '@node-rs/argon2';
import { DomainError, DomainException } from '../common/errors/domain.exception';
import { HashSlots } from './hash-slots';

/** Two hashes at once per process leave two of libuv's four threads for everything else. */
const slots = new HashSlots(2, 64);

async function inSlot<T>(task: () => Promise<T>): Promise<T> {
  const result = await slots.run(task);
  if (!result)
    throw DomainException.retryLater(DomainError.Unavailable, 'Too many sign-ins at once; try again', 1);
  return result.value;
}

// argon2id (OWASP's first choice for password storage) from @node-rs/argon2: prebuilt per platform,
// no install script and no compiler needed, which keeps `npm ci` working on a bare machine.
export const hashPassword = (password: string): Promise<string> => inSlot(() => hash(password)); // argon2id is the library's default

export const verifyPassword = (passwordHash: string, password: string): Promise<boolean> =>
  inSlot(() => verify(passwordHash, password).catch(() => false));

/** A hash to verify against when the email is unknown, so both answers take the same time. */
let decoyHash: Promise<string> | undefined;
export const decoyPasswordHash = (): Promise<string> =>
  (decoyHash ??= hashPassword('not-a-real-password-decoy').catch((err: unknown) => {
    decoyHash = undefined;
    throw err;
  }));
