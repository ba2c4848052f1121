/**
 * proto/generated/ is generator output, committed and never hand-edited: regenerate into a temp dir with the
 * command from proto/CONTEXT.md and fail on any difference (a changed .proto without regenerating, or an edit).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import test from 'ava';
import { LOADER_OPTIONS, loadPluginProto } from '../../../proto/load';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const GENERATOR = join(ROOT, 'node_modules/.bin/proto-loader-gen-types');
/** Must stay identical to the command in proto/CONTEXT.md (the lead's `npm run gen:proto`). */
const FLAGS = ['--longs=Number', '--enums=String', '--defaults', '--oneofs', '--grpcLib=@grpc/grpc-js', '--includeComments', '-I', 'proto'];

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : [path];
  });
}

test('proto/generated matches a fresh run of the generator', (t) => {
  const out = mkdtempSync(join(tmpdir(), 'lantern-proto-'));
  try {
    execFileSync(GENERATOR, [...FLAGS, '-O', out, 'lantern/plugin/v1/plugin.proto'], { cwd: ROOT, stdio: 'pipe' });
    const committedDir = join(ROOT, 'proto/generated');
    const fresh = files(out).map((f) => relative(out, f)).sort();
    const committed = files(committedDir).map((f) => relative(committedDir, f)).sort();
    t.deepEqual(committed, fresh, 'the same files (run the generate command in proto/CONTEXT.md)');
    for (const name of fresh) {
      t.is(readFileSync(join(committedDir, name), 'utf8'), readFileSync(join(out, name), 'utf8'), `${name} drifted from the generator output`);
    }
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});

test('the runtime loader options are the ones the types were generated for', (t) => {
  t.like(LOADER_OPTIONS, { keepCase: false, longs: Number, enums: String, defaults: true, oneofs: true });
  const pkg = loadPluginProto();
  t.deepEqual(Object.keys(pkg.Plugin.service).sort(), ['CheckHealth', 'Configure', 'DeliverMessage', 'Describe', 'HandleWebhook', 'PerformAction']);
  t.deepEqual(Object.keys(pkg.Host.service).sort(), ['FindOrCreateCustomer', 'GetConfig', 'SubmitInboundMessage', 'SubscribeTicketEvents', 'UpdateDeliveryStatus']);
});
