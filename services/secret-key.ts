import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Config } from '../config/config';

const generated = new Map<string, string>();

/**
 * The key that signs links sent to customers and, through a derived key, encrypts workers' 2FA secrets
 * (services/auth/two-factor-secret.ts): LANTERN_SECRET_KEY, else one generated on first use and kept in
 * the data directory (mode 600, like the admin password) so links stay valid across restarts. Several
 * processes sharing a database must share the key: set LANTERN_SECRET_KEY for them.
 */
export function secretKey(config: Pick<Config, 'secretKey' | 'dataDir'>): string {
  if (config.secretKey) return config.secretKey;
  const file = join(config.dataDir, 'secret-key');
  const known = generated.get(file);
  if (known) return known;
  let key: string;
  try {
    key = readFileSync(file, 'utf8').trim();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    mkdirSync(config.dataDir, { recursive: true });
    key = randomBytes(32).toString('base64url');
    // 'wx': if another process created it first, fall back to reading theirs.
    try {
      writeFileSync(file, key, { mode: 0o600, flag: 'wx' });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      key = readFileSync(file, 'utf8').trim();
    }
  }
  generated.set(file, key);
  return key;
}
