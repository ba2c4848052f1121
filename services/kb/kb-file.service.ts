import type { Readable } from 'node:stream';
import { attachmentDisposition } from '../../core/attachments';
import { LanternError, notFound } from '../../core/errors';
import { kbFileUrl } from '../../core/kb';
import type { Actor } from '../../core/principal';
import type { Queryable } from '../../db/knex';
import { discardUpload, type StoredUpload } from '../attachments/attachment.service';
import { recordAudit } from '../audit.service';
import type { BlobStorage } from '../storage/blob-storage';

type KbFileRow = {
  id: number; file_name: string; content_type: string; size: number; sha256: string; storage_key: string;
  uploaded_by_type: string; uploaded_by_id: number | null; created_at: Date;
};
export type KbFileView = { id: number; url: string; fileName: string; contentType: string; size: number };

const view = (r: KbFileRow): KbFileView => ({
  id: Number(r.id), url: kbFileUrl(Number(r.id), r.file_name), fileName: r.file_name, contentType: r.content_type, size: Number(r.size),
});

/** Record an upload (stored by services/attachments storeUpload, same blob storage and type checks); the blob goes if refused. */
export async function recordKbFile(db: Queryable, storage: BlobStorage, actor: Actor, upload: StoredUpload): Promise<KbFileView> {
  try {
    return await db.transaction(async (trx) => {
      const [row] = (await trx('kb_files')
        .insert({
          file_name: upload.filename, content_type: upload.contentType, size: upload.size, sha256: upload.sha256, storage_key: upload.key,
          uploaded_by_type: actor.type, uploaded_by_id: actor.id,
        })
        .returning('*')) as KbFileRow[];
      const v = view(row!);
      await recordAudit(trx, actor, { action: 'kb_file.create', entityType: 'kb_file', entityId: v.id, after: { ...v, sha256: upload.sha256 } });
      return v;
    });
  } catch (err) {
    await discardUpload(storage, upload).catch(() => undefined);
    throw err;
  }
}

/** Images a browser may show inline (SVG never: it can carry script). */
const INLINE = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp']);

/**
 * A KB file's bytes: staff (kb:read_internal) get any; everyone else only a file that a published translation of a
 * public article links to. The name must match too, so URLs cannot be guessed from ids alone. Else 404.
 */
export async function openKbFile(
  db: Queryable, storage: BlobStorage, id: number, fileName: string, isStaff: boolean,
): Promise<{ stream: Readable; headers: Record<string, string> }> {
  const row = (await db('kb_files').where({ id }).first()) as KbFileRow | undefined;
  const isPublic = row ? await db('kb_article_translations as t').join('kb_articles as a', 'a.id', 't.article_id')
    .where('t.state', 'published').where('a.visibility', 'public').whereRaw('t.file_ids @> ARRAY[?]::bigint[]', [id]).first('t.id') : undefined;
  if (!row || row.file_name !== fileName || (!isPublic && !isStaff)) throw notFound('Knowledge base file', id);
  let stream: Readable;
  try {
    stream = await storage.get(row.storage_key);
  } catch (err) {
    throw err instanceof Error && err.name === 'BlobNotFoundError' ? new LanternError('not_found', `Knowledge base file ${id} has no content`) : err;
  }
  return {
    stream,
    headers: {
      'Content-Type': row.content_type,
      'Content-Length': String(row.size),
      'Content-Disposition': INLINE.has(row.content_type) ? 'inline' : attachmentDisposition(row.file_name),
      'X-Content-Type-Options': 'nosniff',
      'Content-Security-Policy': "default-src 'none'; sandbox",
      'Cache-Control': isPublic ? 'public, max-age=300' : 'private, no-store',
    },
  };
}
