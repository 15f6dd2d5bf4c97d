import type { AppConfig } from '../config/app-config';
import { keptSecret } from '../common/kept-secret';

/** JWT_SECRET, or one generated once and kept in the data folder so tokens survive a restart. */
export function resolveJwtSecret(config: AppConfig): string {
  return config.jwtSecret ?? keptSecret(config.dataDir, 'jwt-secret').value;
}
