import test from 'ava';
import { attachmentDisposition, normalizeMediaType, resolveContentType, sanitizeFilename } from '../../core/attachments';
import { LanternError } from '../../core/errors';

const allowed = ['image/png', 'image/jpeg', 'text/plain', 'text/csv', 'application/zip', 'application/json',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document'];
const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const text = (s: string) => Buffer.from(s);

const refused = (t: import('ava').ExecutionContext, fn: () => unknown, message: RegExp) => {
  const err = t.throws(fn, { instanceOf: LanternError, message });
  t.is(err?.code, 'unsupported_media_type');
};

test('declared types are normalised: case, parameters and common aliases', (t) => {
  t.is(normalizeMediaType('Image/JPG; charset=binary'), 'image/jpeg');
  t.is(normalizeMediaType('application/x-zip-compressed'), 'application/zip');
  t.is(normalizeMediaType(undefined), '');
});

test('the stored type is what the bytes are; the declared type may only agree with it', (t) => {
  t.is(resolveContentType({ declared: 'image/png', sniffed: 'image/png', head: text(''), allowed }), 'image/png');
  t.is(resolveContentType({ declared: 'application/octet-stream', sniffed: 'image/png', head: text(''), allowed }), 'image/png');
  t.is(resolveContentType({ declared: undefined, sniffed: 'image/jpeg', head: text(''), allowed }), 'image/jpeg');
  refused(t, () => resolveContentType({ declared: 'image/png', sniffed: 'image/jpeg', head: text(''), allowed }), /declared as image\/png but its content is image\/jpeg/);
  refused(t, () => resolveContentType({ declared: 'image/png', sniffed: 'application/x-elf', head: text(''), allowed }), /content is application\/x-elf/);
  refused(t, () => resolveContentType({ declared: undefined, sniffed: 'application/x-msdownload', head: text(''), allowed }), /not accepted/);
});

test('an Office document truncated to the sniffing window (seen as zip) keeps its declared type; a zip is not an Office file', (t) => {
  t.is(resolveContentType({ declared: DOCX, sniffed: 'application/zip', head: text(''), allowed }), DOCX);
  refused(t, () => resolveContentType({ declared: 'application/zip', sniffed: DOCX, head: text(''), allowed }), /declared as application\/zip/);
});

test('text formats have no magic number: accepted when declared and really text, never markup or binary', (t) => {
  t.is(resolveContentType({ declared: 'text/csv', sniffed: undefined, head: text('a,b\n1,2\n'), allowed }), 'text/csv');
  t.is(resolveContentType({ declared: 'application/json', sniffed: undefined, head: text('{"a":1}'), allowed }), 'application/json');
  refused(t, () => resolveContentType({ declared: 'text/plain', sniffed: undefined, head: text('\uFEFF  <!doctype HTML><p>hi'), allowed }), /content is text\/html/);
  refused(t, () => resolveContentType({ declared: 'text/plain', sniffed: undefined, head: text('<svg onload="alert(1)">'), allowed }), /content is image\/svg\+xml/);
  refused(t, () => resolveContentType({ declared: 'text/plain', sniffed: undefined, head: Buffer.from([104, 0, 105]), allowed }), /binary/);
  refused(t, () => resolveContentType({ declared: 'image/png', sniffed: undefined, head: text('just text'), allowed }), /is not image\/png/);
  refused(t, () => resolveContentType({ declared: undefined, sniffed: undefined, head: text('just text'), allowed }), /cannot be recognised/);
  refused(t, () => resolveContentType({ declared: 'text/markdown', sniffed: undefined, head: text('# hi'), allowed }), /text\/markdown are not accepted/);
});

test('filenames lose directories, control and bidi characters, and stay bounded with their extension', (t) => {
  t.is(sanitizeFilename('../../etc/passwd'), 'passwd');
  t.is(sanitizeFilename('C:\\Users\\me\\report.pdf'), 'report.pdf');
  t.is(sanitizeFilename('invoice\u202Efdp.exe'), 'invoice_fdp.exe');
  t.is(sanitizeFilename('a\r\nb\t.txt'), 'a__b_.txt');
  t.is(sanitizeFilename('...hidden'), 'hidden');
  t.is(sanitizeFilename('   '), 'attachment');
  t.is(sanitizeFilename(undefined), 'attachment');
  const long = sanitizeFilename(`${'x'.repeat(500)}.pdf`);
  t.is(long.length, 200);
  t.true(long.endsWith('.pdf'));
});

test('Content-Disposition always says attachment, with an ASCII fallback and the exact UTF-8 name', (t) => {
  t.is(attachmentDisposition('naïve (1).txt'), `attachment; filename="na_ve (1).txt"; filename*=UTF-8''na%C3%AFve%20%281%29.txt`);
  t.is(attachmentDisposition("it's.txt"), `attachment; filename="it's.txt"; filename*=UTF-8''it%27s.txt`);
});
