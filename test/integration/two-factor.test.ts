/**
 * Two-factor authentication end to end over HTTP, with real TOTP codes computed here from the secret the API
 * hands out: setup, enable, the two-step login, code and challenge single use, recovery codes, enforcement.
 * Serial: enforcement is workspace-wide, so it must not flip under another test's feet.
 */
import anyTest, { type TestFn } from 'ava';
import { Secret, TOTP } from 'otpauth';
import { newApiKey } from '../../services/auth/tokens';
import { createCustomer, createWorker, sessionFor, startTestApp, type TestApp, type TestWorker } from '../helpers/app';

type Ctx = { app: TestApp; admin: TestWorker };
const test = anyTest as TestFn<Ctx>;

test.before(async (t) => {
  const app = await startTestApp();
  t.context = { app, admin: await createWorker(app.db, { role: 'admin' }) };
});
test.after.always(async (t) => t.context.app?.close());

/** The code of the authenticator app, `stepsAhead` periods from now (the server accepts ±1). */
const totp = (secret: string, stepsAhead = 0) =>
  new TOTP({ secret: Secret.fromBase32(secret), digits: 6, period: 30, algorithm: 'SHA1' }).generate({ timestamp: Date.now() + stepsAhead * 30_000 });

/** A worker with 2FA on: returns the secret and the recovery codes. The setup code uses the current step. */
async function withTwoFactor(app: TestApp, worker: TestWorker): Promise<{ secret: string; recoveryCodes: string[] }> {
  const setup = await app.request('POST', '/api/v1/me/2fa/setup', { token: worker.token });
  if (setup.status !== 200) throw new Error(`setup: ${setup.status} ${JSON.stringify(setup.body)}`);
  const enable = await app.request('POST', '/api/v1/me/2fa/enable', { token: worker.token, body: { code: totp(setup.body.secret) } });
  if (enable.status !== 200) throw new Error(`enable: ${enable.status} ${JSON.stringify(enable.body)}`);
  return { secret: setup.body.secret, recoveryCodes: enable.body.recoveryCodes };
}

const passwordStep = (app: TestApp, w: TestWorker) => app.request('POST', '/api/v1/auth/login', { body: { email: w.email, password: w.password } });
const codeStep = (app: TestApp, challenge: string, code: string) => app.request('POST', '/api/v1/auth/login/2fa', { body: { challenge, code } });

test.serial('setup, enable and the two-step login with a real TOTP; challenges and codes are single use', async (t) => {
  const { app } = t.context;
  const worker = await createWorker(app.db, { role: 'agent' });
  const otherSession = await sessionFor(app.db, 'worker', worker.id);

  const before = await app.request('GET', '/api/v1/me/2fa', { token: worker.token });
  t.deepEqual(before.body, { enabled: false, enforced: false, recoveryCodesLeft: 0 });
  const setup = await app.request('POST', '/api/v1/me/2fa/setup', { token: worker.token });
  t.is(setup.status, 200, JSON.stringify(setup.body));
  t.regex(setup.body.secret, /^[A-Z2-7]{32}$/);
  t.true(setup.body.otpauthUrl.startsWith('otpauth://totp/Lantern:'));
  t.true(setup.body.otpauthUrl.includes(`secret=${setup.body.secret}`));
  t.true(setup.body.qrSvg.startsWith('<svg'));
  const stored = await app.db('worker_two_factor').where({ worker_id: worker.id }).first();
  t.false(stored.secret_encrypted.includes(setup.body.secret), 'the secret is stored encrypted');
  t.is(stored.enabled_at, null, 'pending until confirmed');
  t.is((await passwordStep(app, worker)).body.twoFactorRequired, undefined, 'a pending setup does not change sign-in');

  const wrong = await app.request('POST', '/api/v1/me/2fa/enable', { token: worker.token, body: { code: totp(setup.body.secret) === '000000' ? '111111' : '000000' } });
  t.is(wrong.status, 422);
  t.is(wrong.body.errors[0].path, 'code');
  const enable = await app.request('POST', '/api/v1/me/2fa/enable', { token: worker.token, body: { code: totp(setup.body.secret) } });
  t.is(enable.status, 200, JSON.stringify(enable.body));
  t.is(enable.body.recoveryCodes.length, 10);
  t.is(new Set(enable.body.recoveryCodes).size, 10);
  t.regex(enable.body.recoveryCodes[0], /^[0-9a-z]{4}(-[0-9a-z]{4}){3}$/);
  const hashes = await app.db('worker_recovery_codes').where({ worker_id: worker.id }).pluck('code_hash');
  t.false(hashes.some((h: string) => enable.body.recoveryCodes.some((c: string) => h.includes(c.replace(/-/g, '')))), 'recovery codes are stored hashed');
  t.is((await app.request('GET', '/api/v1/me', { token: otherSession })).status, 401, 'sessions opened with the password alone end');
  t.is((await app.request('GET', '/api/v1/me', { token: worker.token })).status, 200, 'the session that enabled 2FA stays');
  t.deepEqual((await app.request('GET', '/api/v1/me/2fa', { token: worker.token })).body, { enabled: true, enforced: false, recoveryCodesLeft: 10 });
  t.is((await app.request('POST', '/api/v1/me/2fa/setup', { token: worker.token })).status, 409, 'no silent re-setup while on');

  const step1 = await passwordStep(app, worker);
  t.is(step1.status, 200);
  t.true(step1.body.twoFactorRequired);
  t.is(step1.body.token, undefined);
  t.is(step1.headers.get('set-cookie'), null, 'no session before the second factor');
  t.true(Date.parse(step1.body.expiresAt) - Date.now() <= 5 * 60_000);
  const sessionsBefore = await app.db('sessions').where({ principal_type: 'worker', principal_id: worker.id }).count('* as n');

  const bad = await codeStep(app, step1.body.challenge, totp(setup.body.secret, 3));
  t.is(bad.status, 401);
  t.is(bad.body.code, 'two_factor_code_invalid');
  t.is(bad.body.attemptsLeft, 4);
  t.deepEqual(await app.db('sessions').where({ principal_type: 'worker', principal_id: worker.id }).count('* as n'), sessionsBefore);

  const code = totp(setup.body.secret, 1); // the next step: the current one was spent on enabling
  const ok = await codeStep(app, step1.body.challenge, code);
  t.is(ok.status, 200, JSON.stringify(ok.body));
  t.truthy(ok.body.token);
  t.regex(ok.headers.get('set-cookie') ?? '', /lantern_session=/);
  const me = await app.request('GET', '/api/v1/me', { token: ok.body.token });
  t.is(me.body.id, worker.id);
  t.false(me.body.twoFactorSetupRequired);
  t.true(Math.abs(Date.parse(me.body.sessionExpiresAt) - Date.parse(ok.body.expiresAt)) < 1000);
  const audit = await app.db('audit_log').where({ action: 'session.create', actor_id: worker.id }).orderBy('id', 'desc').first();
  t.is(audit.after.secondFactor, 'totp');

  const replayedChallenge = await codeStep(app, step1.body.challenge, totp(setup.body.secret, 1));
  t.is(replayedChallenge.status, 401);
  t.is(replayedChallenge.body.code, 'two_factor_challenge_invalid');
  const again = await passwordStep(app, worker);
  const reusedCode = await codeStep(app, again.body.challenge, code);
  t.is(reusedCode.status, 401, 'a TOTP code is accepted once');
  t.is(reusedCode.body.code, 'two_factor_code_invalid');
});

test.serial('recovery codes sign in once each; five wrong codes or expiry kill a challenge', async (t) => {
  const { app } = t.context;
  const worker = await createWorker(app.db, { role: 'agent' });
  const { secret, recoveryCodes } = await withTwoFactor(app, worker);

  const first = await passwordStep(app, worker);
  const viaRecovery = await codeStep(app, first.body.challenge, ` ${recoveryCodes[0]!.toUpperCase()} `);
  t.is(viaRecovery.status, 200, JSON.stringify(viaRecovery.body));
  t.is((await app.request('GET', '/api/v1/me/2fa', { token: viaRecovery.body.token })).body.recoveryCodesLeft, 9);
  t.truthy(await app.db('audit_log').where({ action: 'worker.recovery_code_use', entity_id: String(worker.id) }).first());
  const second = await passwordStep(app, worker);
  t.is((await codeStep(app, second.body.challenge, recoveryCodes[0]!)).status, 401, 'a recovery code works once');

  const doomed = await passwordStep(app, worker);
  const answers: Array<string | undefined> = [];
  for (let i = 0; i < 5; i++) answers.push((await codeStep(app, doomed.body.challenge, 'zzzz-zzzz-zzzz-zzzz')).body.code);
  t.deepEqual(answers, ['two_factor_code_invalid', 'two_factor_code_invalid', 'two_factor_code_invalid', 'two_factor_code_invalid', 'two_factor_challenge_invalid']);
  const late = await codeStep(app, doomed.body.challenge, totp(secret, 1));
  t.is(late.status, 401);
  t.is(late.body.code, 'two_factor_challenge_invalid', 'the right code cannot revive a dead challenge');

  const stale = await passwordStep(app, worker);
  await app.db('login_challenges').where({ worker_id: worker.id }).whereNull('consumed_at').update({ expires_at: new Date(Date.now() - 1000) });
  t.is((await codeStep(app, stale.body.challenge, recoveryCodes[1]!)).body.code, 'two_factor_challenge_invalid', 'challenges expire');
  t.is(await app.db('worker_recovery_codes').where({ worker_id: worker.id }).whereNull('used_at').count('* as n').then((r) => Number(r[0]!.n)), 9, 'the refused attempt spent no recovery code');

  const wrongPassword = await app.request('POST', '/api/v1/auth/login', { body: { email: worker.email, password: 'not the password' } });
  t.is(wrongPassword.status, 401);
  t.is(wrongPassword.body.challenge, undefined, 'no challenge without the password');
});

test.serial('turning 2FA off needs the password and a code; sign-in is one step again', async (t) => {
  const { app } = t.context;
  const worker = await createWorker(app.db, { role: 'agent' });
  const { recoveryCodes } = await withTwoFactor(app, worker);
  const badPassword = await app.request('POST', '/api/v1/me/2fa/disable', { token: worker.token, body: { password: 'nope nope nope', code: recoveryCodes[0] } });
  t.is(badPassword.status, 422);
  t.is(badPassword.body.errors[0].path, 'password');
  const badCode = await app.request('POST', '/api/v1/me/2fa/disable', { token: worker.token, body: { password: worker.password, code: '123456' } });
  t.is(badCode.status, 422);
  t.is(badCode.body.errors[0].path, 'code');
  const off = await app.request('POST', '/api/v1/me/2fa/disable', { token: worker.token, body: { password: worker.password, code: recoveryCodes[0] } });
  t.is(off.status, 204, JSON.stringify(off.body));
  t.is(await app.db('worker_recovery_codes').where({ worker_id: worker.id }).count('* as n').then((r) => Number(r[0]!.n)), 0);
  const login = await passwordStep(app, worker);
  t.truthy(login.body.token);
  t.is(login.body.twoFactorRequired, undefined);
});

test.serial('2FA is managed by workers from a session only', async (t) => {
  const { app, admin } = t.context;
  const customer = await createCustomer(app.db);
  t.is((await app.request('GET', '/api/v1/me/2fa', { token: customer.token })).status, 400);
  t.is((await app.request('POST', '/api/v1/me/2fa/setup', { token: customer.token })).status, 400);
  const k = newApiKey();
  await app.db('api_keys').insert({ name: 'admin key', prefix: k.prefix, secret_hash: k.secretHash, role: 'admin', worker_id: admin.id, scopes: [] });
  t.is((await app.request('POST', '/api/v1/me/2fa/setup', { token: k.key })).status, 400);
  t.is(await app.db('worker_two_factor').where({ worker_id: admin.id }).count('* as n').then((r) => Number(r[0]!.n)), 0);
});

test.serial('enforcement: workers without 2FA are gated to setting it up; API keys are not; turning it off lifts the gate', async (t) => {
  const { app, admin } = t.context;
  const agent = await createWorker(app.db, { role: 'agent' });
  const k = newApiKey();
  await app.db('api_keys').insert({ name: 'agent key', prefix: k.prefix, secret_hash: k.secretHash, role: 'agent', worker_id: agent.id, scopes: [] });

  const settings = await app.request('GET', '/api/v1/security-settings', { token: admin.token });
  t.deepEqual({ requireTwoFactor: settings.body.requireTwoFactor }, { requireTwoFactor: false });
  const selfLock = await app.request('PATCH', '/api/v1/security-settings', { token: admin.token, body: { requireTwoFactor: true } });
  t.is(selfLock.status, 409, 'an admin without 2FA cannot require it');
  await withTwoFactor(app, admin);
  const on = await app.request('PATCH', '/api/v1/security-settings', { token: admin.token, body: { requireTwoFactor: true } });
  t.is(on.status, 200, JSON.stringify(on.body));
  t.true(on.body.requireTwoFactor);
  t.truthy(await app.db('audit_log').where({ action: 'security_settings.update', actor_id: admin.id }).first());

  const gated = await app.request('GET', '/api/v1/tickets', { token: agent.token });
  t.is(gated.status, 403);
  t.is(gated.headers.get('content-type'), 'application/problem+json');
  t.is(gated.body.code, 'two_factor_setup_required');
  t.is((await app.request('POST', '/api/v1/tickets', { token: agent.token, body: { subject: 'x' } })).body.code, 'two_factor_setup_required');
  const me = await app.request('GET', '/api/v1/me', { token: agent.token });
  t.is(me.status, 200);
  t.true(me.body.twoFactorSetupRequired);
  t.truthy(me.body.sessionExpiresAt);
  t.is((await app.request('GET', '/api/v1/me/2fa', { token: agent.token })).body.enforced, true);
  t.is((await app.request('GET', '/api/v1/tickets', { token: k.key })).status, 200, 'API keys are not gated');
  t.is((await app.request('GET', '/api/v1/tickets', { token: admin.token })).status, 200, 'a worker with 2FA is not gated');

  // The gated worker can still sign in with the password alone, then must set 2FA up.
  const login = await passwordStep(app, agent);
  t.truthy(login.body.token);
  t.is((await app.request('GET', '/api/v1/tickets', { token: login.body.token })).body.code, 'two_factor_setup_required');
  const { recoveryCodes } = await withTwoFactor(app, { ...agent, token: login.body.token });
  t.is((await app.request('GET', '/api/v1/tickets', { token: login.body.token })).status, 200, 'the gate lifts once 2FA is on');
  const refused = await app.request('POST', '/api/v1/me/2fa/disable', { token: login.body.token, body: { password: agent.password, code: recoveryCodes[0] } });
  t.is(refused.status, 403);
  t.true(await app.db('worker_two_factor').where({ worker_id: agent.id }).whereNotNull('enabled_at').first().then(Boolean));

  const another = await createWorker(app.db, { role: 'agent' });
  t.is((await app.request('GET', '/api/v1/tickets', { token: another.token })).status, 403);
  const off = await app.request('PATCH', '/api/v1/security-settings', { token: admin.token, body: { requireTwoFactor: false } });
  t.is(off.status, 200);
  t.is((await app.request('GET', '/api/v1/tickets', { token: another.token })).status, 200);
  t.false((await app.request('GET', '/api/v1/me', { token: another.token })).body.twoFactorSetupRequired);
});

test.serial('an admin clears a worker\'s lost 2FA; not their own, and agents cannot', async (t) => {
  const { app, admin } = t.context;
  const worker = await createWorker(app.db, { role: 'agent' });
  await withTwoFactor(app, worker);
  t.is((await app.request('DELETE', `/api/v1/workers/${worker.id}/2fa`, { token: worker.token })).status, 403);
  t.is((await app.request('DELETE', `/api/v1/workers/${admin.id}/2fa`, { token: admin.token })).status, 409);
  const reset = await app.request('DELETE', `/api/v1/workers/${worker.id}/2fa`, { token: admin.token });
  t.is(reset.status, 204);
  t.is(await app.db('worker_recovery_codes').where({ worker_id: worker.id }).count('* as n').then((r) => Number(r[0]!.n)), 0);
  t.truthy(await app.db('audit_log').where({ action: 'worker.two_factor_reset', entity_id: String(worker.id) }).first());
  const login = await passwordStep(app, worker);
  t.truthy(login.body.token, 'the password alone signs in again');
  t.is((await app.request('DELETE', `/api/v1/workers/${worker.id}/2fa`, { token: admin.token })).status, 204, 'idempotent');
  t.is((await app.request('DELETE', '/api/v1/workers/99999999/2fa', { token: admin.token })).status, 404);
});

test.serial('ten wrong codes across challenges pause the second step for that worker', async (t) => {
  const { app } = t.context;
  const worker = await createWorker(app.db, { role: 'agent' });
  const { secret } = await withTwoFactor(app, worker);
  const spare = await passwordStep(app, worker);
  for (let c = 0; c < 2; c++) {
    const { body } = await passwordStep(app, worker);
    for (let i = 0; i < 5; i++) await codeStep(app, body.challenge, 'zzzz-zzzz-zzzz-zzzz');
  }
  const blocked = await passwordStep(app, worker);
  t.is(blocked.status, 429);
  t.is(blocked.body.code, 'two_factor_locked');
  t.truthy(blocked.headers.get('retry-after'));
  const withRightCode = await codeStep(app, spare.body.challenge, totp(secret, 1));
  t.is(withRightCode.status, 429, 'an earlier challenge does not get around it');
  await app.db('login_challenges').where({ worker_id: worker.id }).update({ created_at: new Date(Date.now() - 16 * 60_000) });
  const later = await passwordStep(app, worker);
  t.is((await codeStep(app, later.body.challenge, totp(secret, 1))).status, 200, 'the pause ends with the window');
});
