import { LanternError, notFound } from '../../core/errors';
import type { Actor } from '../../core/principal';
import type { CreateTagInput, ListTagsQuery, TagView, UpdateTagInput } from '../../core/schemas/tag.schema';
import { isNormalizedTag, normalizeTags } from '../../core/tags';
import type { Queryable } from '../../db/knex';
import { recordAudit } from '../audit.service';
import { rethrowUniqueViolation } from '../db-errors';
import { escapeLike, keysetPage, type Page } from '../keyset';
import { lockRow } from '../row-lock';

type TagRow = { id: number; name: string; color: string; created_at: Date; updated_at: Date; usage: number };

const UNIQUE = { tags_name_unique: { path: 'name', message: 'another tag has this name' } };
const ENTITY = 'tag';

export function tagView(r: TagRow): TagView {
  return { id: r.id, name: r.name, color: r.color, usage: r.usage, createdAt: r.created_at.toISOString(), updatedAt: r.updated_at.toISOString() };
}

/** Tags with how many tickets carry each (one GIN index probe per tag on the page). */
function tagsWithUsage(db: Queryable) {
  return db('tags').select('tags.*', db.raw('(SELECT count(*) FROM tickets WHERE tickets.tags @> ARRAY[tags.name])::int AS usage'));
}

async function findTag(db: Queryable, id: number): Promise<TagView> {
  const row = (await tagsWithUsage(db).where('tags.id', id).first()) as TagRow | undefined;
  if (!row) throw notFound('Tag', id);
  return tagView(row);
}

const normalizeName = (raw: string) => normalizeTags([raw], 'name')[0]!;

export async function listTags(db: Queryable, query: ListTagsQuery): Promise<Page<TagView>> {
  const q = tagsWithUsage(db);
  if (query.q) q.where('tags.name', 'like', `${escapeLike(query.q.toLowerCase())}%`);
  const page = await keysetPage<TagRow>(q, { column: 'tags.name', idColumn: 'tags.id', value: 'string', accepts: (v) => typeof v === 'string' && isNormalizedTag(v) }, query);
  return { rows: page.rows.map(tagView), nextCursor: page.nextCursor };
}

export const getTag = findTag;

export async function createTag(db: Queryable, actor: Actor, input: CreateTagInput): Promise<TagView> {
  const name = normalizeName(input.name);
  return db.transaction(async (trx) => {
    const [row] = await trx('tags')
      .insert({ name, color: input.color ?? '#888888' })
      .returning('id')
      .catch((err: unknown) => rethrowUniqueViolation(err, UNIQUE));
    const view = await findTag(trx, row.id as number);
    await recordAudit(trx, actor, { action: 'tag.create', entityType: ENTITY, entityId: view.id, after: view });
    return view;
  });
}

/**
 * Rename rewrites every ticket's tags array in the same transaction (order kept, no duplicates) and bumps
 * those tickets' versions, so an editor holding the old tags gets a conflict instead of restoring them.
 */
export async function updateTag(db: Queryable, actor: Actor, id: number, input: UpdateTagInput): Promise<TagView> {
  const name = input.name === undefined ? undefined : normalizeName(input.name);
  return db.transaction(async (trx) => {
    await lockRow(trx, 'tags', id, 'Tag');
    const before = await findTag(trx, id);
    const renamed = name !== undefined && name !== before.name;
    if (renamed && (await trx('tags').where({ name }).first('id'))) {
      throw new LanternError('conflict', `A tag named "${name}" already exists; delete one of the two tags instead`, { fields: [UNIQUE.tags_name_unique] });
    }
    await trx('tags')
      .where({ id })
      .update({ name: name ?? before.name, color: input.color ?? before.color, updated_at: trx.fn.now() })
      .catch((err: unknown) => rethrowUniqueViolation(err, UNIQUE));
    let ticketsRetagged = 0;
    if (renamed) {
      ticketsRetagged = await trx('tickets')
        .whereRaw('tags @> ARRAY[?]::text[]', [before.name])
        .update({
          tags: trx.raw('ARRAY(SELECT t FROM unnest(array_replace(tags, ?, ?)) WITH ORDINALITY AS u(t, i) GROUP BY t ORDER BY min(i))', [before.name, name]),
          version: trx.raw('version + 1'),
        });
    }
    const after = await findTag(trx, id);
    await recordAudit(trx, actor, { action: 'tag.update', entityType: ENTITY, entityId: id, before, after: { ...after, ticketsRetagged } });
    return after;
  });
}

/** Deleting a tag removes it from every ticket that carries it, atomically. */
export async function deleteTag(db: Queryable, actor: Actor, id: number): Promise<{ ticketsRetagged: number }> {
  return db.transaction(async (trx) => {
    await lockRow(trx, 'tags', id, 'Tag');
    const before = await findTag(trx, id);
    const ticketsRetagged = await trx('tickets')
      .whereRaw('tags @> ARRAY[?]::text[]', [before.name])
      .update({ tags: trx.raw('array_remove(tags, ?)', [before.name]), version: trx.raw('version + 1') });
    await trx('tags').where({ id }).delete();
    await recordAudit(trx, actor, { action: 'tag.delete', entityType: ENTITY, entityId: id, before, after: null });
    return { ticketsRetagged };
  });
}
