import { conflict, notFound } from '../../core/errors';
import { slugify } from '../../core/kb';
import type { Actor } from '../../core/principal';
import type { CreateKbSectionInput, KbSection, UpdateKbSectionInput } from '../../core/schemas/kb.schema';
import type { Queryable } from '../../db/knex';
import { recordAudit } from '../audit.service';
import { rethrowStillReferenced, rethrowUniqueViolation } from '../db-errors';
import { assertReferencesExist } from '../reference-check';
import { lockRow } from '../row-lock';
import { mergeNames } from './kb-category.service';
import { publishKbArticleEvent } from './kb-events';
import { localName, sectionView, type KbSectionRow, type NameMap } from './kb-rows';

const ENTITY = 'kb_section';
const UNIQUE = { kb_sections_slug_unique: { path: 'slug', message: 'another section of this category has this slug' } };

const assertCategory = (db: Queryable, categoryId: number) =>
  assertReferencesExist(db, [{ path: 'categoryId', table: 'kb_categories', id: categoryId }]);

export async function listKbSections(db: Queryable, query: { categoryId?: number | undefined }): Promise<KbSection[]> {
  const q = db('kb_sections').orderBy(['category_id', 'position', 'id']);
  if (query.categoryId !== undefined) q.where({ category_id: query.categoryId });
  return ((await q) as KbSectionRow[]).map(sectionView);
}

export async function getKbSection(db: Queryable, id: number): Promise<KbSection> {
  const row = (await db('kb_sections').where({ id }).first()) as KbSectionRow | undefined;
  if (!row) throw notFound('Knowledge base section', id);
  return sectionView(row);
}

export async function createKbSection(db: Queryable, actor: Actor, input: CreateKbSectionInput): Promise<KbSection> {
  return db.transaction(async (trx) => {
    await assertCategory(trx, input.categoryId);
    const slug = input.slug ?? slugify(localName(input.translations as NameMap, 'en').name);
    const [row] = (await trx('kb_sections')
      .insert({ category_id: input.categoryId, slug, position: input.position ?? 0, translations: JSON.stringify(input.translations) })
      .returning('*')
      .catch((err: unknown) => rethrowUniqueViolation(err, UNIQUE))) as KbSectionRow[];
    const view = sectionView(row!);
    await recordAudit(trx, actor, { action: 'kb_section.create', entityType: ENTITY, entityId: view.id, after: view });
    return view;
  });
}

/** Moving a section to another category re-indexes its articles (their documents carry the category). */
export async function updateKbSection(db: Queryable, actor: Actor, id: number, input: UpdateKbSectionInput, version?: number): Promise<KbSection> {
  return db.transaction(async (trx) => {
    const current = await lockRow<KbSectionRow>(trx, 'kb_sections', id, 'Knowledge base section', version);
    if (input.categoryId !== undefined) await assertCategory(trx, input.categoryId);
    const before = sectionView(current);
    const [row] = (await trx('kb_sections')
      .where({ id })
      .update({
        category_id: input.categoryId ?? current.category_id,
        slug: input.slug ?? current.slug,
        position: input.position ?? current.position,
        translations: JSON.stringify(mergeNames(current.translations, input.translations)),
        version: trx.raw('version + 1'),
        updated_at: trx.fn.now(),
      })
      .returning('*')
      .catch((err: unknown) => rethrowUniqueViolation(err, UNIQUE))) as KbSectionRow[];
    const after = sectionView(row!);
    await recordAudit(trx, actor, { action: 'kb_section.update', entityType: ENTITY, entityId: id, before, after });
    if (after.categoryId !== before.categoryId) {
      const articleIds = (await trx('kb_articles').where({ section_id: id }).orderBy('id').pluck('id')) as number[];
      for (const articleId of articleIds) await publishKbArticleEvent(trx, 'updated', articleId, { sectionMoved: true });
    }
    return after;
  });
}

/** Only an empty section can go (409 while it has articles). */
export async function deleteKbSection(db: Queryable, actor: Actor, id: number): Promise<void> {
  await db.transaction(async (trx) => {
    const before = sectionView(await lockRow<KbSectionRow>(trx, 'kb_sections', id, 'Knowledge base section'));
    const message = `Knowledge base section ${id} still has articles; move or delete them first`;
    if (await trx('kb_articles').where({ section_id: id }).first('id')) throw conflict(message);
    await trx('kb_sections').where({ id }).delete().catch((err: unknown) => rethrowStillReferenced(err, message));
    await recordAudit(trx, actor, { action: 'kb_section.delete', entityType: ENTITY, entityId: id, before, after: null });
  });
}
