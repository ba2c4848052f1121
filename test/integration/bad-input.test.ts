/**
 * Bad input never gets a 500 or a partial write: a generated corpus of malformed, mistyped, oversize and hostile
 * requests is thrown at every route in `allRoutes` (as an admin, so authorization passes) and each must get a
 * 4xx problem+json with a clear message, while the database stays byte-for-byte unchanged.
 */
import { readdirSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import anyTest, { type TestFn } from 'ava';
import fc from 'fast-check';
import { allRoutes } from '../../gateway/routes';
import { startTestApp, type HttpResult, type TestApp } from '../helpers/app';
import { corpusFor, seedFor, type Probe } from '../helpers/bad-input-corpus';
import { count } from '../helpers/db';
import { snapshotDatabase } from '../helpers/db-snapshot';
import { createRouteFixtures, ROUTE_CASES, routeKey, type RouteFixtures } from '../helpers/route-cases';

const SEED = 20261125;
const BODY_LIMIT = 64 * 1024;
const MAX_REQUESTS = 12000; // about 40 per route today (~250 routes); a bound so the corpus cannot silently explode

type Ctx = { app: TestApp; fx: RouteFixtures };
const test = anyTest as TestFn<Ctx>;

test.before(async (t) => {
  const app = await startTestApp({ LANTERN_BODY_LIMIT_BYTES: String(BODY_LIMIT) });
  t.context = { app, fx: await createRouteFixtures(app) };
});
test.after.always(async (t) => t.context.app?.close());

function filesUnder(dir: string): number {
  try {
    return readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).length;
  } catch {
    return 0;
  }
}

const fieldOf = (path: string) => path.replace(/^(query|params)\./, '');

/** What is wrong with the answer to a bad request, or null when it is a proper 4xx problem. */
function judge(probe: Probe, res: HttpResult): string | null {
  if (res.status < 400 || res.status >= 500) return `status ${res.status}`;
  if (!(res.headers.get('content-type') ?? '').startsWith('application/problem+json')) return `${res.status} with content-type ${res.headers.get('content-type')}`;
  const b = res.body as Record<string, unknown>;
  if (typeof b !== 'object' || b === null) return 'body is not JSON';
  if (typeof b.type !== 'string' || !b.type.startsWith('urn:lantern:problem:')) return `bad type ${String(b.type)}`;
  if (typeof b.title !== 'string' || !b.title) return 'no title';
  if (b.status !== res.status) return `body status ${String(b.status)} != ${res.status}`;
  if (typeof b.detail !== 'string' || b.detail.length < 5) return `unclear detail ${JSON.stringify(b.detail)}`;
  if (b.type === 'urn:lantern:problem:validation') {
    const errors = b.errors as { path?: unknown; message?: unknown }[] | undefined;
    if (!Array.isArray(errors) || errors.length === 0) return 'validation problem without errors[]';
    if (!errors.every((e) => typeof e.path === 'string' && typeof e.message === 'string' && e.message.length > 0)) return `errors[] entries need path and message: ${JSON.stringify(errors)}`;
    if (probe.field && !errors.some((e) => fieldOf(String(e.path)) === probe.field || fieldOf(String(e.path)).startsWith(`${probe.field}.`))) {
      return `errors[] does not name ${probe.field}: ${JSON.stringify(errors)}`;
    }
  }
  return null;
}

async function send(app: TestApp, probe: Probe): Promise<HttpResult> {
  return app.request(probe.method, probe.path, {
    headers: probe.headers ?? {},
    ...(probe.rawBody !== undefined ? { rawBody: probe.rawBody } : probe.body !== undefined ? { body: probe.body } : {}),
  });
}

test.serial('a generated corpus of bad requests to every endpoint gets 4xx problem+json and writes nothing', async (t) => {
  const { app, fx } = t.context;
  const admin = { authorization: `Bearer ${fx.admin.token}` };
  const missing = allRoutes.map(routeKey).filter((k) => !ROUTE_CASES[k]);

  // Routes that end the caller's session go last; params (which may create throwaway rows) resolve before the snapshot.
  const late = (k: string) => (ROUTE_CASES[k]?.destructive === 'caller' ? 1 : 0);
  const probes: Probe[] = [];
  const perRoute: Record<string, number> = {};
  for (const route of [...allRoutes].sort((a, b) => late(routeKey(a)) - late(routeKey(b)))) {
    const key = routeKey(route);
    const expectation = ROUTE_CASES[key];
    if (!expectation) continue;
    const params = expectation.params ? await expectation.params(fx) : {};
    const corpus = corpusFor({ route, params, bodyLimit: BODY_LIMIT, seed: seedFor(SEED, key) })
      .map((p) => ({ ...p, label: `${key} | ${p.label}`, headers: { ...admin, ...p.headers } }));
    perRoute[key] = corpus.length;
    probes.push(...corpus);
  }
  t.true(probes.length <= MAX_REQUESTS, `corpus has ${probes.length} requests; keep it bounded`);
  t.true(Object.values(perRoute).every((n) => n >= 1), 'every route gets probed');

  const attachments = join(app.dataDir, 'attachments');
  const before = await snapshotDatabase(app.db);
  const filesBefore = filesUnder(attachments);
  const failures: string[] = [];
  const byStatus: Record<number, number> = {};
  for (const probe of probes) {
    try {
      const res = await send(app, probe);
      byStatus[res.status] = (byStatus[res.status] ?? 0) + 1;
      const problem = judge(probe, res);
      if (problem) failures.push(`${probe.label}: ${problem} ${JSON.stringify(res.body).slice(0, 300)}`);
    } catch (err) {
      failures.push(`${probe.label}: request failed: ${(err as Error).message}`);
    }
  }
  t.log(`${probes.length} bad requests over ${allRoutes.length} routes; statuses ${JSON.stringify(byStatus)}`);
  t.deepEqual(missing, [], 'routes without an entry in test/helpers/route-cases.ts');
  t.deepEqual(failures, []);
  t.deepEqual(await snapshotDatabase(app.db), before, 'bad requests must not change any row');
  t.is(filesUnder(attachments), filesBefore, 'bad requests must not leave stored files behind');
  // The admin's session survived the whole corpus, so every probe really was judged as an authorized request.
  t.is((await app.request('GET', '/api/v1/me', { token: fx.admin.token })).status, 200);
});

/** Markup that must never survive sanitising; built from known XSS vectors and combined by fast-check. */
const XSS_VECTORS = [
  '<script>alert(1)</script>',
  '<SCRIPT SRC=//evil.example/x.js></SCRIPT>',
  '<img src=x onerror=alert(1)>',
  '<svg/onload=alert(1)>',
  '<a href="javascript:alert(1)">click</a>',
  '<a href="JaVaScRiPt:alert(1)">click</a>',
  '<iframe src="https://evil.example"></iframe>',
  '<body onload=alert(1)>',
  '<div style="background:url(javascript:alert(1))">styled</div>',
  '<p onmouseover="alert(1)">hover</p>',
  '<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>',
  '<object data="javascript:alert(1)"></object>',
  '<scr<script>ipt>alert(1)</script>',
];
const UNSAFE_HTML = /<\s*(script|iframe|object|embed|style|svg|math)|\son[a-z]+\s*=|javascript:/i;

test.serial('hostile text accepted in free-text fields is stored inert: sanitised HTML, literal SQL', async (t) => {
  const { app, fx } = t.context;
  const ticketsBefore = await count(app.db('tickets'));
  const subject = `Robert'); DROP TABLE tickets; -- <script>alert(1)</script> ${Date.now()}`;
  const created = await app.request('POST', '/api/v1/tickets', {
    token: fx.admin.token,
    body: { subject, requesterId: fx.customer.id, teamId: fx.teamA, message: { bodyHtml: `<p>hello</p>${XSS_VECTORS.join('')}` } },
  });
  t.is(created.status, 201, JSON.stringify(created.body));
  t.is(created.body.subject, subject, 'subjects are plain text, stored as given (escaping is the renderer\'s job)');
  t.is(await count(app.db('tickets')), ticketsBefore + 1, 'the injected DROP did nothing');
  const id = created.body.id as number;

  const combos = fc.sample(
    fc.tuple(fc.subarray(XSS_VECTORS, { minLength: 1, maxLength: 4 }), fc.string({ maxLength: 20 })).map(([v, text]) => `<p>ok ${text.replace(/[<>]/g, '')}</p>${v.join(' ')}`),
    { seed: SEED, numRuns: 25 },
  );
  for (const html of [...XSS_VECTORS.map((v) => `<p>ok</p>${v}`), ...combos]) {
    const res = await app.request('POST', `/api/v1/tickets/${id}/entries`, { token: fx.agent.token, body: { kind: 'public_reply', bodyHtml: html } });
    t.true(res.status === 201 || res.status === 422, `${res.status} for ${html}`);
    if (res.status === 201) t.false(UNSAFE_HTML.test(res.body.bodyHtml), res.body.bodyHtml);
  }
  const entries = await app.request('GET', `/api/v1/tickets/${id}/entries?limit=200`, { token: fx.agent.token });
  t.true(entries.body.data.length > XSS_VECTORS.length);
  for (const e of entries.body.data as { bodyHtml: string }[]) t.false(UNSAFE_HTML.test(e.bodyHtml), e.bodyHtml);
  const stored = await app.db('conversation_entries').where({ ticket_id: id }).pluck('body_html');
  t.false(stored.some((h: string) => UNSAFE_HTML.test(h)), 'nothing unsafe reached the database either');

  // Search text is data, never SQL or a LIKE pattern.
  for (const q of ["x' OR '1'='1", "' OR 1=1 --", '%', '_', '\\']) {
    const res = await app.request('GET', `/api/v1/tickets?q=${encodeURIComponent(q)}`, { token: fx.admin.token });
    t.is(res.status, 200, q);
    t.true((res.body.data as { subject: string }[]).every((x) => x.subject.includes(q)), `q=${q} matched tickets without that text`);
  }
  const bySubject = await app.request('GET', `/api/v1/tickets?q=${encodeURIComponent("Robert'); DROP TABLE")}`, { token: fx.admin.token });
  t.deepEqual(bySubject.body.data.map((x: { id: number }) => x.id), [id]);
});

/** A raw request with a streamed body (chunked unless a Content-Length is given), read even if the server stops reading. */
function chunked(app: TestApp, path: string, headers: Record<string, string>, chunks: Buffer[]): Promise<{ status: number; type: string; body: string }> {
  return new Promise((resolve, reject) => {
    let answered = false;
    const req = httpRequest(`${app.url}${path}`, { method: 'POST', headers: { ...(headers['content-length'] ? {} : { 'transfer-encoding': 'chunked' }), ...headers } }, (res) => {
      answered = true;
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => { body += c; });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, type: String(res.headers['content-type']), body }));
    });
    // A server that refuses an oversize body may close the socket while we are still sending: that is fine once it answered.
    req.on('error', (err) => { if (!answered) reject(err); });
    for (const c of chunks) req.write(c);
    req.end();
  });
}

test.serial('body transport: size limit without Content-Length, compressed bodies, bombs and unknown encodings', async (t) => {
  const { app, fx } = t.context;
  const auth = { authorization: `Bearer ${fx.admin.token}`, 'content-type': 'application/json' };
  const before = await count(app.db('tickets'));

  const streamed = await chunked(app, '/api/v1/tickets', auth, Array.from({ length: 20 }, () => Buffer.from(`{"subject":"${'x'.repeat(BODY_LIMIT / 10)}"}`)));
  t.is(streamed.status, 413, streamed.body);
  t.true(streamed.type.startsWith('application/problem+json'));

  const big = Buffer.from(`{"subject":"${'y'.repeat(BODY_LIMIT * 4)}"}`);
  const announced = await chunked(app, '/api/v1/tickets', { ...auth, 'content-length': String(big.length) }, [big]);
  t.is(announced.status, 413, 'an announced oversize body is refused up front, and the client gets to read that');

  const valid = { subject: 'Sent gzipped', requesterId: fx.customer.id, message: { bodyText: 'compressed but fine' } };
  const gz = await chunked(app, '/api/v1/tickets', { ...auth, 'content-encoding': 'gzip' }, [gzipSync(JSON.stringify(valid))]);
  t.is(gz.status, 201, gz.body);
  t.is(JSON.parse(gz.body).subject, 'Sent gzipped');

  const bomb = await chunked(app, '/api/v1/tickets', { ...auth, 'content-encoding': 'gzip' }, [gzipSync(`{"subject":"${'a'.repeat(BODY_LIMIT * 20)}"}`)]);
  t.is(bomb.status, 413, 'the limit applies to the decompressed size');
  const garbage = await chunked(app, '/api/v1/tickets', { ...auth, 'content-encoding': 'gzip' }, [Buffer.from('definitely not gzip')]);
  t.is(garbage.status, 400, garbage.body);
  const unknown = await chunked(app, '/api/v1/tickets', { ...auth, 'content-encoding': 'zstd-ish' }, [Buffer.from('{}')]);
  t.is(unknown.status, 415, unknown.body);
  const splitUtf8 = await chunked(app, '/api/v1/tickets', auth, [Buffer.from('{"subject":"caf'), Buffer.from([0xc3]), Buffer.from([0xa9]), Buffer.from(`","requesterId":${fx.customer.id},"message":{"bodyText":"ok"}}`)]);
  t.is(splitUtf8.status, 201, 'a character split across chunks is still valid UTF-8');
  t.is(JSON.parse(splitUtf8.body).subject, 'café');
  t.is(await count(app.db('tickets')), before + 2, 'only the two valid requests wrote');
});
