import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * A random secret made once and kept in the data folder (mode 0600, readable by the app's user only),
 * so it survives a restart. `wx`: two processes starting at once cannot both write one; the loser reads.
 */
export function keptSecret(dataDir: string, name: string, bytes = 48): { value: string; created: boolean } {
  const file = join(dataDir, name);
  if (existsSync(file)) return { value: readFileSync(file, 'utf8').trim(), created: false };
  mkdirSync(dataDir, { recursive: true });
  const value = randomBytes(bytes).toString('base64url');
  try {
    writeFileSync(file, value + '\n', { mode: 0o600, flag: 'wx' });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST')
      return { value: readFileSync(file, 'utf8').trim(), created: false };
    throw err;
  }
  return { value, created: true };
}
