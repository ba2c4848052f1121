import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { PROTO_PATH } from '../../proto/load';

/**
 * Where the contract lives at runtime. Bundled (dist/index.mjs), `import.meta.url` is the bundle, and the pack
 * tool puts `plugin.proto` next to it (or one level up, at the package root); in the repository the module URL
 * is this file and neither copy exists, so the repository's proto is used.
 */
export function resolveProtoPath(moduleUrl: string = import.meta.url): string {
  for (const candidate of ['./plugin.proto', '../plugin.proto']) {
    const path = fileURLToPath(new URL(candidate, moduleUrl));
    if (existsSync(path)) return path;
  }
  return PROTO_PATH;
}
