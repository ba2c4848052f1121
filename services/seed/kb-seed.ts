import { SYSTEM_ACTOR, type Actor } from '../../core/principal';
import { createKbArticleInput, createKbCategoryInput, createKbSectionInput } from '../../core/schemas/kb.schema';
import type { Queryable } from '../../db/knex';
import { intentInput } from '../../core/schemas/bot.schema';
import { createIntent } from '../bot/bot-intents.service';
import { createKbArticle } from '../kb/kb-article.service';
import { createKbCategory } from '../kb/kb-category.service';
import { createKbSection } from '../kb/kb-section.service';
import { setKbTranslationState } from '../kb/kb-translation.service';
import { KB_ARTICLES, KB_CATEGORIES, KB_SECTIONS } from './kb-articles.data';

export type SeededKnowledgeBase = { seeded: boolean; articleIds: Map<string, number> };

/**
 * Load the demo knowledge base (kb-articles.data.ts) through the knowledge base services, so it is validated,
 * sanitized, audited and indexed (through the outbox) exactly like articles written in the editor, and publish
 * every article. Skipped when the knowledge base already has articles.
 */
export async function seedKnowledgeBase(db: Queryable, opts: { actor?: Actor; language?: 'en' } = {}): Promise<SeededKnowledgeBase> {
  const actor = opts.actor ?? SYSTEM_ACTOR;
  const language = opts.language ?? 'en';
  const articleIds = new Map<string, number>();
  if (await db('kb_articles').first('id')) return { seeded: false, articleIds };
  const categoryIds = new Map<string, number>();
  for (const [position, c] of KB_CATEGORIES.entries()) {
    const input = createKbCategoryInput.parse({ position, translations: { [language]: { name: c.name, description: c.description } } });
    categoryIds.set(c.key, (await createKbCategory(db, actor, input)).id);
  }
  const sectionIds = new Map<string, number>();
  for (const [position, s] of KB_SECTIONS.entries()) {
    const input = createKbSectionInput.parse({ categoryId: categoryIds.get(s.category), position, translations: { [language]: { name: s.name, description: s.description } } });
    sectionIds.set(s.key, (await createKbSection(db, actor, input)).id);
  }
  for (const a of KB_ARTICLES) {
    const input = createKbArticleInput.parse({
      sectionId: sectionIds.get(a.section),
      kind: a.kind ?? 'article',
      visibility: a.visibility ?? 'public',
      translation: {
        language, title: a.title, bodyHtml: a.bodyHtml,
        ...(a.steps && { steps: a.steps.map((s) => ({ title: s.title, bodyHtml: s.bodyHtml, check: s.check ?? null })) }),
      },
    });
    const article = await createKbArticle(db, actor, input);
    await setKbTranslationState(db, actor, article.id, language, 'published');
    articleIds.set(a.key, article.id);
  }
  return { seeded: true, articleIds };
}

/** Chatbot intents of the demo workspace: the two actions, and a common question the KB does not cover. */
const DEMO_INTENTS = [
  {
    name: 'Ticket status', action: 'ticket_status' as const, answer: 'Here is where your requests stand.',
    examples: ['what is the status of my ticket', 'any update on my support request', 'has anyone looked at my case yet', 'when will you answer my ticket'],
  },
  {
    name: 'Talk to a person', action: 'handover' as const, answer: 'Of course. I can pass you to our support team together with our conversation so far.',
    examples: ['I want to talk to a human', 'connect me with an agent', 'can I speak to a real person', 'customer service representative please'],
  },
  {
    name: 'Support hours', action: null, answer: 'Our support team is available Monday to Friday, 8:00 to 18:00 CET. The assistant and the help center are there around the clock.',
    examples: ['when are you open', 'what are your support hours', 'are you available on weekends', 'what time does customer service close'],
  },
];

/** Seed the demo intents (embedded now, like intents saved in the admin); skipped when any intent exists. */
export async function seedDemoIntents(db: Queryable, opts: { actor?: Actor } = {}): Promise<boolean> {
  if (await db('bot_intents').first('id')) return false;
  for (const intent of DEMO_INTENTS) await createIntent(db, opts.actor ?? SYSTEM_ACTOR, intentInput.parse(intent));
  return true;
}
