import { validationError } from '../../core/errors';
import { referencedFileIds, slugify, type KbKind } from '../../core/kb';
import { toStoredArticleHtml } from '../../core/rich-text';
import type { TutorialStep } from '../../core/schemas/kb.schema';

/** One translation's content as stored: sanitized HTML, its plain text (body and steps) and the KB files it uses. */
export type StoredContent = {
  title: string; slug: string; bodyHtml: string; bodyText: string; steps: TutorialStep[] | null; fileIds: number[];
};

/** Plain text of a body and its steps (index documents, bot passages, revision diffs). */
export function contentText(bodyHtml: string, steps: readonly TutorialStep[] | null): string {
  const parts = [toStoredArticleHtml(bodyHtml).text];
  for (const step of steps ?? []) parts.push(step.title, toStoredArticleHtml(step.bodyHtml).text);
  return parts.filter(Boolean).join('\n\n');
}

/**
 * Sanitize and check one translation's content for an article of `kind`: a tutorial needs steps, an article has
 * none; a plain article needs some content left after sanitizing. Field paths match the request body.
 */
export function prepareContent(
  kind: KbKind,
  input: { title: string; bodyHtml: string; steps?: TutorialStep[] | null | undefined; slug?: string | undefined },
  prefix = '',
): StoredContent {
  const path = (p: string) => (prefix ? `${prefix}.${p}` : p);
  const steps = input.steps ?? null;
  if (kind === 'tutorial' && !steps) throw validationError('A tutorial needs steps', [{ path: path('steps'), message: 'is required for a tutorial' }]);
  if (kind === 'article' && steps) throw validationError('Only tutorials have steps', [{ path: path('steps'), message: 'must be absent for an article (kind tutorial has steps)' }]);
  const body = toStoredArticleHtml(input.bodyHtml);
  if (kind === 'article' && !body.text && !/<img/i.test(body.html)) {
    throw validationError('The article is empty after removing unsafe content', [{ path: path('bodyHtml'), message: 'has no content' }]);
  }
  const cleanSteps = steps?.map((s) => ({ ...s, bodyHtml: toStoredArticleHtml(s.bodyHtml).html })) ?? null;
  return {
    title: input.title,
    slug: input.slug ?? slugify(input.title),
    bodyHtml: body.html,
    bodyText: contentText(body.html, cleanSteps),
    steps: cleanSteps,
    fileIds: referencedFileIds([body.html, ...(cleanSteps ?? []).flatMap((s) => [s.bodyHtml, s.imageUrl])]),
  };
}
