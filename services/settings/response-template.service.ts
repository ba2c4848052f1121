import { LanternError, notFound, validationError } from '../../core/errors';
import type { Actor } from '../../core/principal';
import { unknownPlaceholders, TEMPLATE_PLACEHOLDERS } from '../../core/response-template';
import { toStoredBody } from '../../core/rich-text';
import type {
  CreateResponseTemplateInput, ListResponseTemplatesQuery, ResponseTemplateView, UpdateResponseTemplateInput,
} from '../../core/schemas/response-template.schema';
import type { Queryable } from '../../db/knex';
import { recordAudit } from '../audit.service';
import { rethrowStillReferenced, rethrowUniqueViolation } from '../db-errors';
import { escapeLike, keysetPage, type Page } from '../keyset';
import { lockRow } from '../row-lock';

export type ResponseTemplateRow = {
  id: number; name: string; body_html: string; active: boolean; created_by: number | null; created_at: Date; updated_at: Date; version: number;
};

const UNIQUE = { response_templates_name_unique: { path: 'name', message: 'another template has this name' } };
const ENTITY = 'response_template';

export function responseTemplateView(r: ResponseTemplateRow): ResponseTemplateView {
  return {
    id: r.id, name: r.name, bodyHtml: r.body_html, active: r.active, createdBy: r.created_by,
    createdAt: r.created_at.toISOString(), updatedAt: r.updated_at.toISOString(), version: r.version,
  };
}

/** Sanitized like any message body; unknown placeholders are refused here so agents never send `{{typo}}`. */
function cleanBody(raw: string): string {
  const unknown = unknownPlaceholders(raw);
  if (unknown.length) {
    throw validationError('The template uses placeholders that do not exist', [
      { path: 'bodyHtml', message: `unknown placeholder(s) ${unknown.map((k) => `{{${k}}}`).join(', ')}; known: ${TEMPLATE_PLACEHOLDERS.join(', ')}` },
    ]);
  }
  const { html, text } = toStoredBody({ html: raw });
  if (!text && !/<img/i.test(html)) throw validationError('The template is empty after removing unsafe content', [{ path: 'bodyHtml', message: 'has no content' }]);
  return html;
}

export async function getResponseTemplate(db: Queryable, id: number): Promise<ResponseTemplateView> {
  const row = (await db('response_templates').where({ id }).first()) as ResponseTemplateRow | undefined;
  if (!row) throw notFound('Response template', id);
  return responseTemplateView(row);
}

export async function listResponseTemplates(db: Queryable, query: ListResponseTemplatesQuery): Promise<Page<ResponseTemplateView>> {
  const q = db('response_templates').select('*');
  if (query.q) q.where('name', 'ilike', `${escapeLike(query.q)}%`);
  if (query.active !== undefined) q.where({ active: query.active });
  // Id (creation) order: names are free text, so a forged name cursor could not be told from a real one.
  const page = await keysetPage<ResponseTemplateRow>(q, { column: 'response_templates.id', idColumn: 'response_templates.id', value: 'id' }, query);
  return { rows: page.rows.map(responseTemplateView), nextCursor: page.nextCursor };
}

export async function createResponseTemplate(db: Queryable, actor: Actor, input: CreateResponseTemplateInput): Promise<ResponseTemplateView> {
  const body = cleanBody(input.bodyHtml);
  return db.transaction(async (trx) => {
    const [row] = (await trx('response_templates')
      .insert({ name: input.name, body_html: body, active: input.active ?? true, created_by: actor.type === 'worker' ? actor.id : null })
      .returning('*')
      .catch((err: unknown) => rethrowUniqueViolation(err, UNIQUE))) as ResponseTemplateRow[];
    const view = responseTemplateView(row!);
    await recordAudit(trx, actor, { action: 'response_template.create', entityType: ENTITY, entityId: view.id, after: view });
    return view;
  });
}

export async function updateResponseTemplate(db: Queryable, actor: Actor, id: number, input: UpdateResponseTemplateInput): Promise<ResponseTemplateView> {
  const body = input.bodyHtml === undefined ? undefined : cleanBody(input.bodyHtml);
  return db.transaction(async (trx) => {
    const before = responseTemplateView(await lockRow<ResponseTemplateRow>(trx, 'response_templates', id, 'Response template', input.version));
    const [row] = (await trx('response_templates')
      .where({ id })
      .update({
        name: input.name ?? before.name, body_html: body ?? before.bodyHtml, active: input.active ?? before.active,
        updated_at: trx.fn.now(), version: trx.raw('version + 1'),
      })
      .returning('*')
      .catch((err: unknown) => rethrowUniqueViolation(err, UNIQUE))) as ResponseTemplateRow[];
    const after = responseTemplateView(row!);
    await recordAudit(trx, actor, { action: 'response_template.update', entityType: ENTITY, entityId: id, before, after });
    return after;
  });
}

/** A template that was ever used keeps its analytics: it can be deactivated, not deleted. */
export async function deleteResponseTemplate(db: Queryable, actor: Actor, id: number): Promise<void> {
  await db.transaction(async (trx) => {
    const before = responseTemplateView(await lockRow<ResponseTemplateRow>(trx, 'response_templates', id, 'Response template'));
    if (await trx('template_uses').where({ template_id: id }).first('id')) {
      throw new LanternError('conflict', `Response template ${id} has been used in replies; deactivate it (active: false) instead so its analytics stay`);
    }
    await trx('response_templates').where({ id }).delete()
      .catch((err: unknown) => rethrowStillReferenced(err, `Response template ${id} has been used in replies; deactivate it instead`));
    await recordAudit(trx, actor, { action: 'response_template.delete', entityType: ENTITY, entityId: id, before, after: null });
  });
}
