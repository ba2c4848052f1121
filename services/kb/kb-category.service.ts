import { conflict, notFound, validationError } from '../../core/errors';
import { slugify } from '../../core/kb';
import type { Actor } from '../../core/principal';
import type { CreateKbCategoryInput, KbCategory, UpdateKbCategoryInput } from '../../core/schemas/kb.schema';
import type { Queryable } from '../../db/knex';
import { recordAudit } from '../audit.service';
import { rethrowStillReferenced, rethrowUniqueViolation } from '../db-errors';
import { lockRow } from '../row-lock';
import { categoryView, localName, type KbCategoryRow, type NameMap } from './kb-rows';

const ENTITY = 'kb_category';
const UNIQUE = { kb_categories_slug_unique: { path: 'slug', message: 'another category has this slug' } };

/** Per-language names merged: given languages replaced, `null` ones removed; at least one must remain. */
export function mergeNames(current: NameMap, patch: Record<string, { name: string; description: string } | null> | undefined): NameMap {
  if (!patch) return current;
  const next: Record<string, { name: string; description: string }> = { ...(current as Record<string, { name: string; description: string }>) };
  for (const [lang, entry] of Object.entries(patch)) {
    if (entry === null) delete next[lang];
    else next[lang] = entry;
  }
  if (!Object.keys(next).length) throw validationError('A name in at least one language is required', [{ path: 'translations', message: 'would leave no language' }]);
  return next as NameMap;
}

export async function listKbCategories(db: Queryable): Promise<KbCategory[]> {
  const rows = (await db('kb_categories').orderBy(['position', 'id'])) as KbCategoryRow[];
  return rows.map(categoryView);
}

export async function getKbCategory(db: Queryable, id: number): Promise<KbCategory> {
  const row = (await db('kb_categories').where({ id }).first()) as KbCategoryRow | undefined;
  if (!row) throw notFound('Knowledge base category', id);
  return categoryView(row);
}

export async function createKbCategory(db: Queryable, actor: Actor, input: CreateKbCategoryInput): Promise<KbCategory> {
  return db.transaction(async (trx) => {
    const slug = input.slug ?? slugify(localName(input.translations as NameMap, 'en').name);
    const [row] = (await trx('kb_categories')
      .insert({ slug, position: input.position ?? 0, translations: JSON.stringify(input.translations) })
      .returning('*')
      .catch((err: unknown) => rethrowUniqueViolation(err, UNIQUE))) as KbCategoryRow[];
    const view = categoryView(row!);
    await recordAudit(trx, actor, { action: 'kb_category.create', entityType: ENTITY, entityId: view.id, after: view });
    return view;
  });
}

export async function updateKbCategory(db: Queryable, actor: Actor, id: number, input: UpdateKbCategoryInput, version?: number): Promise<KbCategory> {
  return db.transaction(async (trx) => {
    const current = await lockRow<KbCategoryRow>(trx, 'kb_categories', id, 'Knowledge base category', version);
    const before = categoryView(current);
    const [row] = (await trx('kb_categories')
      .where({ id })
      .update({
        slug: input.slug ?? current.slug,
        position: input.position ?? current.position,
        translations: JSON.stringify(mergeNames(current.translations, input.translations)),
        version: trx.raw('version + 1'),
        updated_at: trx.fn.now(),
      })
      .returning('*')
      .catch((err: unknown) => rethrowUniqueViolation(err, UNIQUE))) as KbCategoryRow[];
    const after = categoryView(row!);
    await recordAudit(trx, actor, { action: 'kb_category.update', entityType: ENTITY, entityId: id, before, after });
    return after;
  });
}

/** Only an empty category can go: its sections must be moved or deleted first (409 otherwise). */
export async function deleteKbCategory(db: Queryable, actor: Actor, id: number): Promise<void> {
  await db.transaction(async (trx) => {
    const before = categoryView(await lockRow<KbCategoryRow>(trx, 'kb_categories', id, 'Knowledge base category'));
    const message = `Knowledge base category ${id} still has sections; move or delete them first`;
    if (await trx('kb_sections').where({ category_id: id }).first('id')) throw conflict(message);
    await trx('kb_categories').where({ id }).delete().catch((err: unknown) => rethrowStillReferenced(err, message));
    await recordAudit(trx, actor, { action: 'kb_category.delete', entityType: ENTITY, entityId: id, before, after: null });
  });
}
