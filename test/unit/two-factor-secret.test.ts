import test from 'ava';
import { decryptSecret, encryptSecret } from '../../services/auth/two-factor-secret';

const KEY = 'k'.repeat(32);

test('a TOTP secret round-trips, is never stored in the clear and differs per encryption', (t) => {
  const secret = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
  const a = encryptSecret(KEY, secret);
  const b = encryptSecret(KEY, secret);
  t.false(a.includes(secret));
  t.not(a, b, 'a fresh IV each time');
  t.is(decryptSecret(KEY, a), secret);
  t.is(decryptSecret(KEY, b), secret);
});

test('another key, a tampered value or a foreign format reads as unreadable, not as a wrong secret', (t) => {
  const stored = encryptSecret(KEY, 'JBSWY3DPEHPK3PXP');
  t.is(decryptSecret('x'.repeat(32), stored), null);
  const [v, iv, tag, data] = stored.split('.');
  const flipped = `${data!.slice(0, -2)}${data!.endsWith('AA') ? 'AB' : 'AA'}`;
  t.is(decryptSecret(KEY, [v, iv, tag, flipped].join('.')), null);
  t.is(decryptSecret(KEY, 'plain-secret'), null);
  t.is(decryptSecret(KEY, `v2.${iv}.${tag}.${data}`), null);
});
