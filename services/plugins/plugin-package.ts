import { createHash, createPrivateKey, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tar from 'tar';
import { z } from 'zod';
import { LanternError } from '../../core/errors';
import { manifestSchema, type PluginManifest } from '../../core/plugins/manifest.schema';
import { configSchemaProblem } from '../../core/plugins/config-schema';
import { PROTO_PATH } from '../../proto/load';

/** `<id>-<version>.tgz.sig.json`: ed25519 over the raw sha256 digest bytes of the .tgz (docs/plugins.md). */
export const signatureSchema = z.strictObject({
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  signature: z.string().min(1),
  publisher: z.string().min(1),
  keyId: z.string().min(1),
});
export type PackageSignature = z.infer<typeof signatureSchema>;

export type TrustedKey = { publisher: string; keyId: string; publicKey: string };

/** Files a package carries, all at the top of the tarball. */
const PACKAGE_FILES = ['manifest.json', 'dist/index.mjs', 'plugin.proto', 'README.md'] as const;

/** keyId of a raw ed25519 public key: the first 16 hex digits of its sha256. */
export const keyIdOf = (publicKeyBase64: string) => createHash('sha256').update(Buffer.from(publicKeyBase64, 'base64')).digest('hex').slice(0, 16);

/** Raw 32-byte public key (base64) of a KeyObject, as stored in plugin_publisher_keys. */
export function rawPublicKey(key: KeyObject): string {
  const jwk = (key.type === 'public' ? key : createPublicKey(key)).export({ format: 'jwk' }) as { x: string };
  return Buffer.from(jwk.x, 'base64url').toString('base64');
}

function publicKeyFromRaw(raw: string): KeyObject {
  return createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: Buffer.from(raw, 'base64').toString('base64url') }, format: 'jwk' });
}

export function signPackage(bytes: Buffer, privateKeyPem: string, publisher: string): PackageSignature {
  const key = createPrivateKey(privateKeyPem);
  const digest = createHash('sha256').update(bytes).digest();
  return {
    sha256: digest.toString('hex'),
    signature: sign(null, digest, key).toString('base64'),
    publisher,
    keyId: keyIdOf(rawPublicKey(key)),
  };
}

const refused = (code: string, message: string) =>
  new LanternError('validation', message, { fields: [{ path: 'package', message }], extensions: { code } });

/**
 * Checksum, then signature against the trusted keys. Refuses unsigned, tampered and untrusted packages with a
 * reason the admin can act on (problem+json `code`: package_unsigned, package_tampered, untrusted_publisher,
 * bad_signature).
 */
export function verifyPackage(bytes: Buffer, rawSignature: unknown, trusted: TrustedKey[]): PackageSignature {
  if (rawSignature === undefined || rawSignature === null) throw refused('package_unsigned', 'The package is not signed; only signed packages from trusted publishers can be installed');
  const parsed = signatureSchema.safeParse(rawSignature);
  if (!parsed.success) throw refused('package_unsigned', 'The package signature file is malformed');
  const sig = parsed.data;
  const digest = createHash('sha256').update(bytes).digest();
  if (digest.toString('hex') !== sig.sha256) throw refused('package_tampered', 'The package does not match its checksum: it was changed after it was signed');
  const key = trusted.find((k) => k.keyId === sig.keyId);
  if (!key) throw refused('untrusted_publisher', `The package is signed with key ${sig.keyId}, which is not a trusted publisher key`);
  if (key.publisher !== sig.publisher) throw refused('untrusted_publisher', `Key ${sig.keyId} belongs to publisher ${key.publisher}, not ${sig.publisher}`);
  let ok = false;
  try {
    ok = verify(null, digest, publicKeyFromRaw(key.publicKey), Buffer.from(sig.signature, 'base64'));
  } catch {
    ok = false;
  }
  if (!ok) throw refused('bad_signature', `The signature does not verify with ${key.publisher}'s key ${sig.keyId}`);
  return sig;
}

/** Read and check a package's manifest.json (from an unpacked dir or a source folder). */
export function readManifest(dir: string): PluginManifest {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
  } catch (err) {
    throw refused('bad_manifest', `The package has no readable manifest.json: ${(err as Error).message}`);
  }
  const parsed = manifestSchema.safeParse(raw);
  if (!parsed.success) {
    throw new LanternError('validation', 'The plugin manifest is invalid', {
      fields: parsed.error.issues.map((i) => ({ path: ['manifest', ...i.path.map(String)].join('.'), message: i.message })),
      extensions: { code: 'bad_manifest' },
    });
  }
  const schemaProblem = configSchemaProblem(parsed.data.configSchema);
  if (schemaProblem) throw refused('bad_manifest', `The manifest's configSchema is not a valid JSON schema: ${schemaProblem}`);
  return parsed.data;
}

/** Unpack a verified tarball into `dest` (created): regular files and folders only, nothing outside `dest`. */
export async function unpackPackage(bytes: Buffer, dest: string): Promise<PluginManifest> {
  mkdirSync(dest, { recursive: true });
  const tmp = mkdtempSync(join(tmpdir(), 'lantern-plugin-'));
  try {
    const file = join(tmp, 'package.tgz');
    writeFileSync(file, bytes);
    await tar.x({
      file, cwd: dest, strict: true, preservePaths: false,
      filter: (_path, entry) => 'type' in entry && (entry.type === 'File' || entry.type === 'Directory'),
    });
  } catch (err) {
    if (err instanceof LanternError) throw err;
    throw refused('bad_package', `The package is not a readable .tgz: ${(err as Error).message}`);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  const manifest = readManifest(dest);
  if (!existsSync(join(dest, manifest.entry))) throw refused('bad_package', `The package has no entry file ${manifest.entry}`);
  return manifest;
}

/**
 * Build a plugin source folder (`plugins/<id>/`: manifest.json, src/index.ts, README.md) into a signed package:
 * esbuild bundles src/index.ts with every dependency into dist/index.mjs, the contract is copied next to it.
 */
export async function packPlugin(opts: { sourceDir: string; outDir: string; privateKeyPem: string; publisher: string }): Promise<{
  manifest: PluginManifest; file: string; bytes: Buffer; signature: PackageSignature;
}> {
  const manifest = readManifest(opts.sourceDir);
  const stage = mkdtempSync(join(tmpdir(), 'lantern-pack-'));
  try {
    const { build } = await import('esbuild');
    await build({
      entryPoints: [join(opts.sourceDir, 'src/index.ts')],
      outfile: join(stage, manifest.entry),
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      logLevel: 'silent',
      // Sources outside the repository (a copied folder) still resolve the platform's dependencies.
      nodePaths: [fileURLToPath(new URL('../../node_modules', import.meta.url))],
      // CommonJS dependencies (@grpc/grpc-js) call require(): give the ESM bundle one.
      banner: { js: "import { createRequire as __lanternCreateRequire } from 'node:module'; const require = __lanternCreateRequire(import.meta.url);" },
    });
    // At the package root (the documented place) and next to the bundle (where an SDK finds it by import.meta.url).
    copyFileSync(PROTO_PATH, join(stage, 'plugin.proto'));
    copyFileSync(PROTO_PATH, join(dirname(join(stage, manifest.entry)), 'plugin.proto'));
    writeFileSync(join(stage, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
    const readme = join(opts.sourceDir, 'README.md');
    writeFileSync(join(stage, 'README.md'), existsSync(readme) ? readFileSync(readme) : `# ${manifest.name}\n`);
    mkdirSync(opts.outDir, { recursive: true });
    const file = join(opts.outDir, `${manifest.id}-${manifest.version}.tgz`);
    mkdirSync(dirname(file), { recursive: true });
    const entryDir = dirname(manifest.entry);
    const files = [...new Set([...PACKAGE_FILES.filter((f) => f !== 'dist/index.mjs'), manifest.entry, join(entryDir, 'plugin.proto')])];
    // portable + fixed mtime: the same sources give the same bytes, so the same checksum.
    await tar.c({ gzip: true, file, cwd: stage, portable: true, mtime: new Date(0) }, files);
    const bytes = readFileSync(file);
    const signature = signPackage(bytes, opts.privateKeyPem, opts.publisher);
    writeFileSync(`${file}.sig.json`, `${JSON.stringify(signature, null, 2)}\n`);
    return { manifest, file, bytes, signature };
  } finally {
    rmSync(stage, { recursive: true, force: true });
  }
}
