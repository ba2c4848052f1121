import { createHmac, timingSafeEqual } from 'node:crypto';
import { effectivePermissions } from '../../core/permissions';
import type { Principal } from '../../core/principal';
import type { Config } from '../../config/config';
import type { Queryable } from '../../db/knex';
import { secretKey } from '../secret-key';

/** Anonymous visitors' tokens say which visitor customer row they are; the prefix tells them from sessions and keys. */
export const VISITOR_TOKEN_PREFIX = 'lv_';
export const VISITOR_TOKEN_TTL_SECONDS = 7 * 24 * 3600;

type KeyConfig = Pick<Config, 'secretKey' | 'dataDir'>;

const sign = (config: KeyConfig, body: string) =>
  createHmac('sha256', secretKey(config)).update(`chat-visitor:${body}`).digest('base64url');

/** `lv_<customerId>.<expires unix s>.<hmac>`: stateless, so any gateway process sharing the key can verify it. */
export function issueVisitorToken(config: KeyConfig, customerId: number, now = Date.now()): { token: string; expiresAt: Date } {
  const exp = Math.floor(now / 1000) + VISITOR_TOKEN_TTL_SECONDS;
  const body = `${customerId}.${exp}`;
  return { token: `${VISITOR_TOKEN_PREFIX}${body}.${sign(config, body)}`, expiresAt: new Date(exp * 1000) };
}

/** The customer id of a valid, unexpired token; null for anything forged, altered or expired. */
export function verifyVisitorToken(config: KeyConfig, token: string, now = Date.now()): number | null {
  const m = /^lv_(\d{1,18})\.(\d{1,12})\.([\w-]{43})$/.exec(token);
  if (!m) return null;
  const expected = Buffer.from(sign(config, `${m[1]}.${m[2]}`));
  const given = Buffer.from(m[3]!);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
  if (Number(m[2]) * 1000 <= now) return null;
  return Number(m[1]);
}

/** A visitor acts as the customer row the token names (customer permissions, own tickets only). */
export async function principalFromVisitorToken(db: Queryable, config: KeyConfig, token: string): Promise<Principal | null> {
  const customerId = verifyVisitorToken(config, token);
  if (customerId === null) return null;
  const row = await db('customers').where({ id: customerId }).first<{ id: number; organization_id: number | null } | undefined>('id', 'organization_id');
  if (!row) return null;
  // viaId 0: there is no session row behind a visitor token.
  return { kind: 'customer', id: row.id, organizationId: row.organization_id, permissions: effectivePermissions('customer', null), via: 'session', viaId: 0 };
}
