/** Queries and small requests of the knowledge-base screens; every key starts with `['kb', …]`. */
import { useQuery } from '@tanstack/react-query';
import { getJson, uploadFile } from '../../api';
import type { KbArticleSummary, KbCategory, KbFile, KbSection, KbTranslation } from './kb-types';

/** Lists come as `{ items }` (the KB contract); `data` and a bare array are read too. */
export function itemsOf<T>(body: unknown): T[] {
  if (Array.isArray(body)) return body as T[];
  const b = body as { items?: T[]; data?: T[]; categories?: T[]; sections?: T[] };
  return b.items ?? b.data ?? b.categories ?? b.sections ?? [];
}

const byPosition = <T extends { position: number; id: number }>(rows: T[]) => [...rows].sort((a, b) => a.position - b.position || a.id - b.id);

export function useKbCategories() {
  return useQuery({ queryKey: ['kb', 'categories'], queryFn: async () => byPosition(itemsOf<KbCategory>(await getJson('/kb/categories'))) });
}

export function useKbSections() {
  return useQuery({ queryKey: ['kb', 'sections'], queryFn: async () => byPosition(itemsOf<KbSection>(await getJson('/kb/sections'))) });
}

export function useKbArticle(id: number | null) {
  return useQuery({ queryKey: ['kb', 'article', id], queryFn: () => getJson<KbArticleSummary>(`/kb/articles/${id}`), enabled: id !== null });
}

export const translationPath = (id: number, lang: string) => `/kb/articles/${id}/translations/${lang}`;

export function useKbTranslation(id: number, lang: string, enabled = true) {
  return useQuery({
    queryKey: ['kb', 'article', id, 'translation', lang],
    queryFn: () => getJson<KbTranslation>(translationPath(id, lang)),
    enabled,
    retry: false,
    staleTime: 0,
    refetchOnMount: 'always',
  });
}

/** POST /kb/files: images and attachments of articles. */
export const uploadKbFile = (file: File) => uploadFile<KbFile>('/kb/files', file);

/**
 * The optimistic-concurrency guard of a KB write: the version the screen showed, as `version` in the body
 * (the admin API's convention). One place to change should the API want If-Match instead.
 */
export const guard = (version: number) => ({ version });
