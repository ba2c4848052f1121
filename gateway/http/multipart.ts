import type { IncomingMessage } from 'node:http';
import type { Readable } from 'node:stream';
import multer from '@koa/multer';
import type Koa from 'koa';
import { LanternError } from '../../core/errors';

export type ReceivedFile = { stream: Readable; filename: string | undefined; declaredType: string | undefined };

type MulterFile = multer.File & { stream?: Readable; stored?: unknown };

/** A failure of `store` itself, kept apart from multipart parse errors so it surfaces unchanged. */
class StoreFailure extends Error {
  constructor(readonly original: unknown) {
    super('storing the upload failed');
  }
}

const MULTER_FIELD_ERRORS: Record<string, string> = {
  LIMIT_UNEXPECTED_FILE: 'is not a file field this endpoint takes',
  LIMIT_FILE_COUNT: 'send exactly one file',
  LIMIT_PART_COUNT: 'too many parts',
  LIMIT_FIELD_COUNT: 'is not a known field',
  LIMIT_FIELD_KEY: 'field name too long',
  LIMIT_FIELD_VALUE: 'field value too long',
  MISSING_FIELD_NAME: 'a part has no field name',
};

function toProblem(err: unknown, field: string, maxBytes: number): unknown {
  if (err instanceof StoreFailure) return err.original;
  if (err instanceof LanternError) return err;
  const e = err as { name?: string; code?: string; field?: string; message?: string };
  if (e.name === 'MulterError') {
    if (e.code === 'LIMIT_FILE_SIZE') return new LanternError('payload_too_large', `The file is larger than the ${maxBytes} bytes allowed`);
    const message = MULTER_FIELD_ERRORS[e.code ?? ''] ?? e.message ?? 'invalid multipart body';
    return new LanternError('validation', 'The multipart body is invalid', { fields: [{ path: e.field ?? field, message }] });
  }
  // Anything else came from the multipart parser (bad boundary, truncated body) or a client that went away.
  return new LanternError('bad_request', `Malformed multipart body: ${e.message ?? 'could not parse'}`);
}

/**
 * Stream the one file of a multipart/form-data body (field `field`) through `store` without buffering it;
 * any other part is refused. Returns undefined when the body holds no file. `discard` undoes a `store`
 * when the request fails after it.
 */
export async function receiveSingleFile<T>(
  ctx: Koa.Context,
  opts: { field: string; maxBytes: number; store: (file: ReceivedFile) => Promise<T>; discard: (stored: T) => Promise<void> },
): Promise<T | undefined> {
  if (!ctx.is('multipart/form-data')) {
    throw new LanternError('unsupported_media_type', `Send the file as multipart/form-data in the field "${opts.field}"`);
  }
  // The store still running when multer fails (size limit, aborted body) must finish and be undone before
  // we answer, or a partial blob could outlive the error response.
  let inflight: Promise<T> | undefined;
  let incoming: NodeJS.ReadableStream | undefined;
  const engine: multer.StorageEngine = {
    _handleFile(_req: IncomingMessage, file: MulterFile, cb) {
      if (!file.stream) return cb(new Error('multer gave no file stream'));
      incoming = file.stream;
      inflight = opts.store({ stream: file.stream, filename: file.originalname, declaredType: file.mimetype });
      inflight.then(
        (stored) => cb(null, { stored } as unknown as multer.File),
        (err: unknown) => cb(new StoreFailure(err)),
      );
    },
    _removeFile(_req: IncomingMessage, file: MulterFile, cb) {
      opts.discard(file.stored as T).then(() => cb(null as unknown as Error), cb);
    },
  };
  const options: multer.Options & { defParamCharset: string } = {
    storage: engine,
    limits: { fileSize: opts.maxBytes, files: 1, fields: 0, parts: 1, fieldNameSize: 100, headerPairs: 20 },
    // Browsers and fetch send filenames as raw UTF-8; busboy would read them as latin1.
    defParamCharset: 'utf8',
  };
  const upload = multer(options);
  try {
    await upload.single(opts.field)(ctx, async () => undefined);
  } catch (err) {
    if (inflight) {
      (incoming as (NodeJS.ReadableStream & { destroy?: (e: Error) => void }) | undefined)?.destroy?.(new Error('upload aborted'));
      const stored = await inflight.catch(() => undefined);
      if (stored !== undefined) await opts.discard(stored).catch(() => undefined);
    }
    throw toProblem(err, opts.field, opts.maxBytes);
  }
  const file = ctx.request.file as MulterFile | undefined;
  return file ? (file.stored as T) : undefined;
}
