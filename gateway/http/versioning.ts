import { LanternError, validationError } from '../../core/errors';

export const etag = (version: number) => `"v${version}"`;

/**
 * Optional optimistic concurrency for settings and people: If-Match wins, else the body's `version`;
 * when neither is sent the write applies to the current row.
 */
export function optionalVersion(ifMatch: string, bodyVersion: number | undefined): number | undefined {
  if (!ifMatch) return bodyVersion;
  const m = /^(?:W\/)?"v(\d+)"$/.exec(ifMatch.trim());
  if (!m) throw validationError('Invalid If-Match', [{ path: 'If-Match', message: 'must be an ETag this API returned, like "v3"' }]);
  return Number(m[1]);
}

/** Tickets: the version is mandatory (428 without it), so concurrent agent edits are never lost. */
export function requiredVersion(ifMatch: string, bodyVersion: number | undefined): number {
  const version = optionalVersion(ifMatch, bodyVersion);
  if (version === undefined) {
    throw new LanternError('precondition_required', 'Send If-Match with the ticket ETag (or "version" in the body) so concurrent edits are not lost');
  }
  return version;
}
