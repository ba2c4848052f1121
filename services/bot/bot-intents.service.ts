import { notFound } from '../../core/errors';
import type { IntentVectors } from '../../core/bot/bot-scoring';
import type { Actor } from '../../core/principal';
import type { IntentInput, IntentPatch, IntentView } from '../../core/schemas/bot.schema';
import type { Queryable } from '../../db/knex';
import { recordAudit } from '../audit.service';
import { sharedTextEmbedder, type TextEmbedder } from '../embeddings/text-embedder';
import { lockRow } from '../row-lock';

type IntentRow = {
  id: number; name: string; language: string; examples: string[]; example_vectors: number[][]; embedder_id: string;
  answer: string; action: 'ticket_status' | 'handover' | null; enabled: boolean; version: number; created_at: Date; updated_at: Date;
};

const ENTITY = 'bot_intent';
const VIEW_COLUMNS = ['id', 'name', 'language', 'examples', 'answer', 'action', 'enabled', 'version', 'created_at', 'updated_at'];

function intentView(r: Omit<IntentRow, 'example_vectors' | 'embedder_id'>): IntentView {
  return {
    id: Number(r.id), name: r.name, language: r.language, examples: r.examples, answer: r.answer, action: r.action,
    enabled: r.enabled, version: r.version, createdAt: r.created_at.toISOString(), updatedAt: r.updated_at.toISOString(),
  };
}

export async function listIntents(db: Queryable): Promise<IntentView[]> {
  const rows = (await db('bot_intents').select(VIEW_COLUMNS).orderBy('id')) as IntentRow[];
  return rows.map(intentView);
}

async function findIntent(db: Queryable, id: number): Promise<IntentRow> {
  const row = (await db('bot_intents').where({ id }).first()) as IntentRow | undefined;
  if (!row) throw notFound('Intent', id);
  return row;
}

export async function getIntent(db: Queryable, id: number): Promise<IntentView> {
  return intentView(await findIntent(db, id));
}

/** Training is embedding the examples once, at save time; classifying a message is then only dot products. */
async function embedExamples(examples: string[], embedder?: TextEmbedder): Promise<{ vectors: number[][]; embedderId: string }> {
  const e = embedder ?? (await sharedTextEmbedder());
  return { vectors: await e.embed(examples), embedderId: e.id };
}

export async function createIntent(db: Queryable, actor: Actor, input: IntentInput, embedder?: TextEmbedder): Promise<IntentView> {
  const trained = await embedExamples(input.examples, embedder);
  return db.transaction(async (trx) => {
    const [row] = (await trx('bot_intents')
      .insert({
        name: input.name, language: input.language, examples: JSON.stringify(input.examples), example_vectors: JSON.stringify(trained.vectors),
        embedder_id: trained.embedderId, answer: input.answer, action: input.action, enabled: input.enabled,
      })
      .returning(VIEW_COLUMNS)) as IntentRow[];
    const view = intentView(row!);
    await recordAudit(trx, actor, { action: 'bot_intent.create', entityType: ENTITY, entityId: view.id, after: view });
    return view;
  });
}

export async function updateIntent(db: Queryable, actor: Actor, id: number, patch: IntentPatch, embedder?: TextEmbedder): Promise<IntentView> {
  // Embed outside the transaction (the model is the slow part); the row lock then checks the version.
  const trained = patch.examples ? await embedExamples(patch.examples, embedder) : null;
  return db.transaction(async (trx) => {
    const before = intentView(await lockRow<IntentRow>(trx, 'bot_intents', id, 'Intent', patch.version));
    const [row] = (await trx('bot_intents')
      .where({ id })
      .update({
        ...(patch.name !== undefined && { name: patch.name }),
        ...(patch.language !== undefined && { language: patch.language }),
        ...(patch.answer !== undefined && { answer: patch.answer }),
        ...(patch.action !== undefined && { action: patch.action }),
        ...(patch.enabled !== undefined && { enabled: patch.enabled }),
        ...(trained && { examples: JSON.stringify(patch.examples), example_vectors: JSON.stringify(trained.vectors), embedder_id: trained.embedderId }),
        version: trx.raw('version + 1'),
        updated_at: trx.fn.now(),
      })
      .returning(VIEW_COLUMNS)) as IntentRow[];
    const view = intentView(row!);
    await recordAudit(trx, actor, { action: 'bot_intent.update', entityType: ENTITY, entityId: id, before, after: view });
    return view;
  });
}

export async function deleteIntent(db: Queryable, actor: Actor, id: number): Promise<void> {
  await db.transaction(async (trx) => {
    const before = intentView(await lockRow<IntentRow>(trx, 'bot_intents', id, 'Intent'));
    await trx('bot_intents').where({ id }).delete();
    await recordAudit(trx, actor, { action: 'bot_intent.delete', entityType: ENTITY, entityId: id, before });
  });
}

export type TrainedIntent = IntentVectors & { name: string; answer: string; action: IntentRow['action'] };

/** Enabled intents of a language with their example vectors, for classifying one message. */
export async function trainedIntents(db: Queryable, language: string, embedderId: string): Promise<TrainedIntent[]> {
  const rows = (await db('bot_intents').where({ language, enabled: true, embedder_id: embedderId })
    .select('id', 'name', 'answer', 'action', 'example_vectors')) as IntentRow[];
  return rows.map((r) => ({ id: Number(r.id), name: r.name, answer: r.answer, action: r.action, vectors: r.example_vectors }));
}
