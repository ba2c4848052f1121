import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const TTL_MS = 7 * 24 * 3600_000;

/**
 * Outbound MMS media. Twilio fetches media from a public URL and the contract hands us bytes, so the plugin
 * keeps each attachment in its data dir under an unguessable token and serves it through its own webhook path
 * (GET {public_webhook_url}/media/{token}) until it expires.
 */
export class MediaStore {
  constructor(private readonly dir: string) {
    mkdirSync(dir, { recursive: true });
  }

  put(content: Buffer, contentType: string): string {
    this.prune();
    const token = randomBytes(24).toString('hex');
    writeFileSync(join(this.dir, `${token}.bin`), content);
    writeFileSync(join(this.dir, `${token}.type`), contentType || 'application/octet-stream');
    return token;
  }

  get(token: string): { content: Buffer; contentType: string } | null {
    if (!/^[0-9a-f]{48}$/.test(token)) return null;
    const file = join(this.dir, `${token}.bin`);
    if (!existsSync(file)) return null;
    return { content: readFileSync(file), contentType: readFileSync(join(this.dir, `${token}.type`), 'utf8') };
  }

  private prune(): void {
    const cutoff = Date.now() - TTL_MS;
    for (const name of readdirSync(this.dir)) {
      const file = join(this.dir, name);
      if (statSync(file).mtimeMs < cutoff) rmSync(file, { force: true });
    }
  }
}
