import { createHash } from 'node:crypto';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import anyTest, { type TestFn } from 'ava';
import pino from 'pino';
import { loadConfig } from '../../config/config';
import { createApp } from '../../gateway/app';
import { createBlobStorage } from '../../services/storage/blob-storage.factory';
import { count } from '../helpers/db';
import { startTestS3 } from '../helpers/s3';
import { createCustomer, createTeam, createWorker, startTestApp, type TestApp, type TestCustomer, type TestWorker } from '../helpers/app';

type Ctx = {
  app: TestApp; agent: TestWorker; otherAgent: TestWorker; admin: TestWorker;
  customer: TestCustomer; otherCustomer: TestCustomer; teamA: number; ticketId: number;
};
const test = anyTest as TestFn<Ctx>;

const MAX_BYTES = 256 * 1024;

// A complete 1x1 PNG: what file-type sniffs as image/png.
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);
const ELF = Buffer.concat([Buffer.from('7f454c46020101000000000000000000', 'hex'), Buffer.alloc(2048, 1)]);
const HTML = Buffer.from('<!DOCTYPE html><html><body><script>fetch("/api/v1/me")</script></body></html>');

test.before(async (t) => {
  const app = await startTestApp({ LANTERN_ATTACHMENT_MAX_BYTES: String(MAX_BYTES) });
  const teamA = await createTeam(app.db, 'Attachments A');
  const teamB = await createTeam(app.db, 'Attachments B');
  const agent = await createWorker(app.db, { role: 'agent', teamIds: [teamA] });
  const customer = await createCustomer(app.db);
  const ticket = await app.request('POST', '/api/v1/tickets', { token: agent.token, body: { subject: 'Broken screen', requesterId: customer.id, teamId: teamA } });
  if (ticket.status !== 201) throw new Error(JSON.stringify(ticket.body));
  t.context = {
    app, agent, customer, teamA, ticketId: ticket.body.id,
    otherAgent: await createWorker(app.db, { role: 'agent', teamIds: [teamB] }),
    admin: await createWorker(app.db, { role: 'admin' }),
    otherCustomer: await createCustomer(app.db),
  };
});
test.after.always(async (t) => t.context.app?.close());

type Part = { field?: string; data: Buffer | string; type?: string; filename?: string };

/** POST a real multipart/form-data body, built by fetch's own FormData. */
async function upload(app: TestApp, token: string, part: Part | Part[] | null, query = '') {
  const form = new FormData();
  for (const p of part === null ? [] : Array.isArray(part) ? part : [part]) {
    form.append(p.field ?? 'file', new Blob([typeof p.data === 'string' ? p.data : new Uint8Array(p.data)], { type: p.type ?? '' }), p.filename ?? 'file.bin');
  }
  const res = await fetch(`${app.url}/api/v1/attachments${query}`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: /json/.test(res.headers.get('content-type') ?? '') && text ? JSON.parse(text) : text };
}

async function download(app: TestApp, token: string, id: number) {
  const res = await fetch(`${app.url}/api/v1/attachments/${id}/content`, { headers: { authorization: `Bearer ${token}` } });
  return { status: res.status, headers: res.headers, bytes: Buffer.from(await res.arrayBuffer()) };
}

const png = (filename = 'screen.png'): Part => ({ data: PNG, type: 'image/png', filename });

/** Every blob on disk must belong to an attachment row: a refused upload leaves nothing behind. */
async function orphanBlobs(app: TestApp): Promise<string[]> {
  const root = join(app.dataDir, 'attachments');
  let files: string[] = [];
  try {
    files = (readdirSync(root, { recursive: true }) as string[]).filter((f) => statSync(join(root, f)).isFile());
  } catch {
    files = [];
  }
  const keys = new Set(await app.db('attachments').pluck('storage_key'));
  return files.filter((f) => !keys.has(f));
}

async function reply(ctx: Ctx, kind: 'public_reply' | 'internal_note', attachmentIds: number[], token = ctx.agent.token) {
  return ctx.app.request('POST', `/api/v1/tickets/${ctx.ticketId}/entries`, { token, body: { kind, bodyText: `${kind} with files`, attachmentIds } });
}

test('an upload is stored, hashed, typed from its content, audited and readable by its uploader', async (t) => {
  const { app, agent } = t.context;
  const res = await upload(app, agent.token, png('../../etc/scr\u202Eeen.png'));
  t.is(res.status, 201, JSON.stringify(res.body));
  t.is(res.headers.get('location'), `/api/v1/attachments/${res.body.id}`);
  t.like(res.body, { contentType: 'image/png', size: PNG.length, ticketId: null, entryId: null, uploadedBy: { type: 'worker', id: agent.id } });
  t.is(res.body.sha256, createHash('sha256').update(PNG).digest('hex'));
  t.is(res.body.filename, 'scr_een.png');
  const row = await app.db('attachments').where({ id: res.body.id }).first();
  t.regex(row.storage_key, /^\d{4}\/\d{2}\/[0-9a-f-]{36}$/);
  t.is(row.uploaded_by_type, 'worker');
  const audit = await app.db('audit_log').where({ entity_type: 'attachment', entity_id: String(res.body.id), action: 'attachment.create' }).first();
  t.is(audit?.actor_id, agent.id);
  const back = await download(app, agent.token, res.body.id);
  t.is(back.status, 200);
  t.true(back.bytes.equals(PNG));
});

test('a public reply attachment is downloadable by the customer, as a download that can never run script', async (t) => {
  const { app, agent, customer, ticketId } = t.context;
  const up = await upload(app, agent.token, png('Résumé "final".png'));
  t.is(up.status, 201);
  const entry = await reply(t.context, 'public_reply', [up.body.id]);
  t.is(entry.status, 201, JSON.stringify(entry.body));
  t.deepEqual(entry.body.attachments.map((a: { id: number }) => a.id), [up.body.id]);

  const listed = await app.request('GET', `/api/v1/tickets/${ticketId}/entries`, { token: customer.token });
  t.true(listed.body.data.some((e: { attachments: Array<{ id: number }> }) => e.attachments.some((a) => a.id === up.body.id)));

  const meta = await app.request('GET', `/api/v1/attachments/${up.body.id}`, { token: customer.token });
  t.is(meta.status, 200);
  t.like(meta.body, { id: up.body.id, ticketId, entryId: entry.body.id, contentUrl: `/api/v1/attachments/${up.body.id}/content` });
  t.is(meta.body.uploadedBy, undefined, 'customers are not told which staff member uploaded a file');

  const res = await download(app, customer.token, up.body.id);
  t.is(res.status, 200);
  t.true(res.bytes.equals(PNG));
  t.is(res.headers.get('content-type'), 'image/png');
  t.is(res.headers.get('content-length'), String(PNG.length));
  t.is(meta.body.filename, 'Résumé _final_.png');
  t.is(res.headers.get('content-disposition'), `attachment; filename="R_sum_ _final_.png"; filename*=UTF-8''R%C3%A9sum%C3%A9%20_final_.png`);
  t.is(res.headers.get('x-content-type-options'), 'nosniff');
  t.regex(res.headers.get('content-security-policy') ?? '', /default-src 'none'/);
  t.regex(res.headers.get('cache-control') ?? '', /private/);
});

test('an internal-note attachment is 404 for the customer but readable by staff on the team', async (t) => {
  const { app, agent, customer } = t.context;
  const up = await upload(app, agent.token, png('probation.png'));
  const note = await reply(t.context, 'internal_note', [up.body.id]);
  t.is(note.status, 201, JSON.stringify(note.body));
  for (const path of [`/api/v1/attachments/${up.body.id}`, `/api/v1/attachments/${up.body.id}/content`]) {
    const res = await app.request('GET', path, { token: customer.token });
    t.is(res.status, 404, path);
    t.is(res.headers.get('content-type'), 'application/problem+json');
  }
  t.is((await download(app, agent.token, up.body.id)).status, 200);
});

test('another customer and an agent without team access get 404, exactly like a missing id', async (t) => {
  const { app, agent, otherAgent, otherCustomer, admin } = t.context;
  const up = await upload(app, agent.token, png());
  t.is((await reply(t.context, 'public_reply', [up.body.id])).status, 201);
  const missing = await app.request('GET', '/api/v1/attachments/999999999', { token: otherCustomer.token });
  t.is(missing.status, 404);
  for (const token of [otherCustomer.token, otherAgent.token]) {
    const meta = await app.request('GET', `/api/v1/attachments/${up.body.id}`, { token });
    t.is(meta.status, 404);
    t.is(meta.body.title, missing.body.title);
    t.is((await download(app, token, up.body.id)).status, 404);
  }
  t.is((await download(app, admin.token, up.body.id)).status, 200, 'admins see every ticket');
});

test('an unlinked upload is readable only by whoever uploaded it', async (t) => {
  const { app, customer, otherCustomer, agent, admin } = t.context;
  const up = await upload(app, customer.token, { data: 'my order number is 42', type: 'text/plain', filename: 'order.txt' });
  t.is(up.status, 201, JSON.stringify(up.body));
  t.is(up.body.contentType, 'text/plain');
  t.is((await download(app, customer.token, up.body.id)).bytes.toString(), 'my order number is 42');
  for (const token of [otherCustomer.token, agent.token, admin.token]) t.is((await download(app, token, up.body.id)).status, 404);
});

test('a customer can attach own uploads to a message on own ticket, and the agent then reads them', async (t) => {
  const { app, customer, agent, ticketId } = t.context;
  const up = await upload(app, customer.token, png('photo.png'));
  const msg = await app.request('POST', `/api/v1/tickets/${ticketId}/entries`, { token: customer.token, body: { bodyText: 'see photo', attachmentIds: [up.body.id] } });
  t.is(msg.status, 201, JSON.stringify(msg.body));
  t.is((await download(app, agent.token, up.body.id)).status, 200);
});

test.serial('attaching someone else\'s upload, or one already attached, is refused with 422 and changes nothing', async (t) => {
  const { app, agent, admin, ticketId } = t.context;
  const theirs = await upload(app, admin.token, png());
  const before = await count(app.db('conversation_entries').where({ ticket_id: ticketId }));
  const res = await reply(t.context, 'public_reply', [theirs.body.id]);
  t.is(res.status, 422);
  t.is(res.body.errors[0].path, 'attachmentIds');
  t.is(await count(app.db('conversation_entries').where({ ticket_id: ticketId })), before, 'no entry was written');
  t.like(await app.db('attachments').where({ id: theirs.body.id }).first(), { ticket_id: null, entry_id: null });

  const mine = await upload(app, agent.token, png());
  t.is((await reply(t.context, 'public_reply', [mine.body.id])).status, 201);
  t.is((await reply(t.context, 'internal_note', [mine.body.id])).status, 422, 'an attached file cannot be moved to a note');
});

test.serial('an oversize upload is 413 and leaves no row and no blob; exactly the limit is accepted', async (t) => {
  const { app, agent } = t.context;
  const rows = await count(app.db('attachments'));
  const big = Buffer.concat([PNG, Buffer.alloc(MAX_BYTES * 3)]);
  const res = await upload(app, agent.token, { data: big, type: 'image/png', filename: 'big.png' });
  t.is(res.status, 413, JSON.stringify(res.body));
  t.is(res.headers.get('content-type'), 'application/problem+json');
  t.is(await count(app.db('attachments')), rows);
  t.deepEqual(await orphanBlobs(app), []);

  const exact = await upload(app, agent.token, { data: Buffer.concat([PNG, Buffer.alloc(MAX_BYTES - PNG.length)]), type: 'image/png', filename: 'exact.png' });
  t.is(exact.status, 201, JSON.stringify(exact.body));
  t.is(exact.body.size, MAX_BYTES);
});

test.serial('disallowed or disguised types are 415 and leave nothing behind', async (t) => {
  const { app, agent } = t.context;
  const rows = await count(app.db('attachments'));
  const cases: Array<[string, Part]> = [
    ['an executable', { data: ELF, type: 'application/octet-stream', filename: 'tool' }],
    ['an executable declared as an image', { data: ELF, type: 'image/png', filename: 'tool.png' }],
    ['HTML declared as an image', { data: HTML, type: 'image/png', filename: 'x.png' }],
    ['HTML declared as text', { data: HTML, type: 'text/plain', filename: 'x.txt' }],
    ['HTML declared as HTML (not an allowed type)', { data: HTML, type: 'text/html', filename: 'x.html' }],
    ['SVG with script', { data: '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', type: 'image/svg+xml', filename: 'x.svg' }],
    ['a PNG declared as a PDF', { data: PNG, type: 'application/pdf', filename: 'x.pdf' }],
    ['binary bytes declared as text', { data: Buffer.from([1, 0, 2, 0, 3]), type: 'text/plain', filename: 'x.txt' }],
  ];
  for (const [name, part] of cases) {
    const res = await upload(app, agent.token, part);
    t.is(res.status, 415, `${name}: ${JSON.stringify(res.body)}`);
    t.is(res.body.type, 'urn:lantern:problem:unsupported_media_type', name);
  }
  t.is(await count(app.db('attachments')), rows);
  t.deepEqual(await orphanBlobs(app), []);
});

test('a PNG sent without a declared type is recognised from its bytes', async (t) => {
  const res = await upload(t.context.app, t.context.agent.token, { data: PNG, filename: 'noname' });
  t.is(res.status, 201, JSON.stringify(res.body));
  t.is(res.body.contentType, 'image/png');
});

test.serial('the upload route wants multipart with exactly one part named file', async (t) => {
  const { app, agent } = t.context;
  const json = await app.request('POST', '/api/v1/attachments', { token: agent.token, body: { file: 'aGVsbG8=' } });
  t.is(json.status, 415);
  t.is(json.headers.get('content-type'), 'application/problem+json');
  const raw = await app.request('POST', '/api/v1/attachments', { token: agent.token, rawBody: PNG, headers: { 'content-type': 'image/png' } });
  t.is(raw.status, 415);

  const empty = await upload(app, agent.token, null);
  t.is(empty.status, 422, JSON.stringify(empty.body));
  t.deepEqual(empty.body.errors, [{ path: 'file', message: 'is required' }]);
  const wrongField = await upload(app, agent.token, { ...png(), field: 'upload' });
  t.is(wrongField.status, 422);
  t.is(wrongField.body.errors[0].path, 'upload');
  const two = await upload(app, agent.token, [png('a.png'), png('b.png')]);
  t.is(two.status, 422, JSON.stringify(two.body));

  const broken = await app.request('POST', '/api/v1/attachments', {
    token: agent.token, rawBody: '--xyz\r\nContent-Disposition: form-data; name="file"; filename="a.png"\r\n\r\nabc', headers: { 'content-type': 'multipart/form-data; boundary=xyz' },
  });
  t.is(broken.status, 400, JSON.stringify(broken.body));
  t.deepEqual(await orphanBlobs(app), []);

  const anonymous = await fetch(`${app.url}/api/v1/attachments`, { method: 'POST' });
  t.is(anonymous.status, 401);
});

test.serial('?ticketId attaches to a ticket the caller can see; others get 404 and nothing is stored', async (t) => {
  const { app, agent, otherAgent, customer, ticketId } = t.context;
  const res = await upload(app, agent.token, png('ticket.png'), `?ticketId=${ticketId}`);
  t.is(res.status, 201, JSON.stringify(res.body));
  t.like(res.body, { ticketId, entryId: null });
  t.is((await download(app, customer.token, res.body.id)).status, 200, 'the requester sees files on their ticket');
  t.is((await reply(t.context, 'public_reply', [res.body.id])).status, 422, 'already linked to the ticket');

  const rows = await count(app.db('attachments'));
  const hidden = await upload(app, otherAgent.token, png(), `?ticketId=${ticketId}`);
  t.is(hidden.status, 404);
  t.is(await count(app.db('attachments')), rows);
  t.deepEqual(await orphanBlobs(app), []);
  const bad = await upload(app, agent.token, png(), '?ticketId=abc');
  t.is(bad.status, 422);
  t.is(bad.body.errors[0].path, 'query.ticketId');
});

test('the OpenAPI document describes the multipart upload and the download routes', async (t) => {
  const doc = await t.context.app.request('GET', '/api/v1/openapi.json');
  const post = doc.body.paths['/api/v1/attachments'].post;
  t.is(post['x-permission'], 'attachments:create');
  t.truthy(post.requestBody.content['multipart/form-data']);
  t.truthy(doc.body.paths['/api/v1/attachments/{id}/content'].get);
});

test('the same upload and download work end to end on S3-compatible storage', async (t) => {
  const { app, agent } = t.context;
  const s3 = await startTestS3();
  t.teardown(s3.close);
  const config = loadConfig({
    LANTERN_LOG_LEVEL: 'silent', LANTERN_ATTACHMENT_MAX_BYTES: String(MAX_BYTES), LANTERN_RATE_LIMIT_PER_IP: '1000000', LANTERN_RATE_LIMIT_PER_KEY: '1000000',
    LANTERN_STORAGE: 's3', LANTERN_S3_ENDPOINT: s3.endpoint, LANTERN_S3_BUCKET: s3.bucket,
    LANTERN_S3_ACCESS_KEY_ID: s3.accessKeyId, LANTERN_S3_SECRET_ACCESS_KEY: s3.secretAccessKey,
  });
  const server = createApp({ db: app.db, config, logger: pino({ level: 'silent' }), storage: createBlobStorage(config), engine: app.engine }).listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', resolve));
  t.teardown(() => new Promise<void>((resolve) => { server.close(() => resolve()); server.closeAllConnections(); }));
  const s3App = { ...app, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };

  const data = Buffer.concat([PNG, Buffer.alloc(100 * 1024, 7)]);
  const up = await upload(s3App, agent.token, { data, type: 'image/png', filename: 'on-s3.png' });
  t.is(up.status, 201, JSON.stringify(up.body));
  t.is(up.body.sha256, createHash('sha256').update(data).digest('hex'));
  const back = await download(s3App, agent.token, up.body.id);
  t.is(back.status, 200);
  t.true(back.bytes.equals(data));
  t.is((await upload(s3App, agent.token, { data: Buffer.concat([PNG, Buffer.alloc(MAX_BYTES)]), type: 'image/png' })).status, 413);
  t.is((await upload(s3App, agent.token, { data: ELF, type: 'image/png' })).status, 415);
});
