import test from 'ava';
import { ACCOUNT_TOKEN_TTL_MS, newAccountToken, parseAccountToken, verifierMatches } from '../../../services/portal/account-token';

test('a new token parses back into its selector and a verifier that matches only its stored hash', (t) => {
  const a = newAccountToken();
  const b = newAccountToken();
  const parsed = parseAccountToken(a.token);
  t.truthy(parsed);
  t.is(parsed!.selector, a.selector);
  t.true(verifierMatches(a.verifierHash, parsed!.verifier));
  t.false(verifierMatches(b.verifierHash, parsed!.verifier));
  t.false(a.verifierHash.includes(parsed!.verifier), 'only the hash is kept');
  t.not(a.selector, b.selector);
});

test('malformed tokens do not parse; a bad stored hash never matches', (t) => {
  const { token } = newAccountToken();
  for (const bad of ['', 'abc', token.replace('.', ''), `${token}x`, `x${token}`, token.replace(/.$/, '!'), `${token.split('.')[0]}.`]) {
    t.is(parseAccountToken(bad), null, bad);
  }
  t.false(verifierMatches('not-hex', parseAccountToken(token)!.verifier));
});

test('lifetimes follow the contract: verify 24 h, reset 1 h, magic 15 min', (t) => {
  t.deepEqual(ACCOUNT_TOKEN_TTL_MS, { verify: 86_400_000, reset: 3_600_000, magic: 900_000 });
});
