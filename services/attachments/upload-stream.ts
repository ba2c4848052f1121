import { createHash } from 'node:crypto';
import { pipeline, Readable, Transform } from 'node:stream';
import { LanternError } from '../../core/errors';

export type Meter = { stream: Readable; size: () => number; sha256: () => string };

/**
 * Pass bytes through while counting and hashing them; fail with 413 the moment more than `maxBytes`
 * have arrived, so an oversize upload is cut off instead of stored.
 */
export function meter(source: Readable, maxBytes: number): Meter {
  const hash = createHash('sha256');
  let size = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      size += chunk.length;
      if (size > maxBytes) return done(new LanternError('payload_too_large', `The file is larger than the ${maxBytes} bytes allowed`));
      hash.update(chunk);
      done(null, chunk);
    },
  });
  // The callback form propagates a source error (client abort) into `counter`, where the consumer sees it.
  const stream = pipeline(source, counter, () => undefined);
  return { stream, size: () => size, sha256: () => hash.digest('hex') };
}

/** Read the first `bytes` of a stream for sniffing and give back a stream that still yields everything. */
export async function peek(stream: Readable, bytes: number): Promise<{ head: Buffer; rest: Readable }> {
  const it = stream[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  const chunks: Buffer[] = [];
  let length = 0;
  let ended = false;
  while (length < bytes) {
    const next = await it.next();
    if (next.done) {
      ended = true;
      break;
    }
    chunks.push(next.value);
    length += next.value.length;
  }
  const head = Buffer.concat(chunks);
  async function* replay() {
    if (head.length) yield head;
    if (ended) return;
    for (let next = await it.next(); !next.done; next = await it.next()) yield next.value;
  }
  return { head, rest: Readable.from(replay(), { objectMode: false }) };
}
