/**
 * What the help-center pages read, in the shapes of the public KB API (docs/knowledge-base.md, contract
 * section 1). `kb-source.ts` implements it with KB-core's services, so pages and the JSON API show the same data.
 * Pages only ever see public, published content.
 */
export type TutorialStep = {
  title: string;
  bodyHtml: string;
  imageUrl: string | null;
  check: { question: string; options: string[]; correctIndex: number } | null;
};

export type PublicCategory = {
  id: number;
  slug: string;
  name: string;
  description: string;
  sections: Array<{ id: number; slug: string; name: string; description: string; articleCount: number }>;
};

export type PublicSection = {
  section: { id: number; slug: string; name: string; description: string; categoryId: number; categoryName: string };
  articles: Array<{ id: number; title: string; slug: string; kind: 'article' | 'tutorial'; url: string }>;
};

export type PublicArticle = {
  id: number;
  language: string;
  title: string;
  slug: string;
  kind: 'article' | 'tutorial';
  bodyHtml: string;
  steps: TutorialStep[] | null;
  section: { id: number; name: string };
  category: { id: number; name: string };
  related: Array<{ id: number; title: string; slug: string }>;
  languages: string[];
  updatedAt: string;
  url: string;
};

export type PublicSearchHit = { articleId: number; language: string; title: string; titleHtml: string; snippetHtml: string; kind: string; url: string };

/** One published public translation, for the sitemap and hreflang alternates. */
export type SitemapEntry = { articleId: number; language: string; slug: string; updatedAt: string };

export type HelpCenterSource = {
  categories(language: string): Promise<PublicCategory[]>;
  /** null: no such section (or it has no translation in this language and nothing public). */
  section(language: string, id: number): Promise<PublicSection | null>;
  /** The published public translation (counts a view), null otherwise. */
  article(language: string, id: number): Promise<PublicArticle | null>;
  /** Throws SearchUnavailableError (services/search/search-engine.ts) when the engine is down or absent. */
  search(language: string, q: string, limit: number, offset: number): Promise<{ hits: PublicSearchHit[]; estimatedTotal: number }>;
  /** Anonymous "was this helpful?"; throws not_found for an article the public cannot read. */
  feedback(articleId: number, input: { language: string; helpful: boolean; comment?: string }, request: { requestId?: string; ip?: string }): Promise<void>;
  /** Published public translations: of one article (hreflang alternates), or all (sitemap). */
  published(articleId?: number): Promise<SitemapEntry[]>;
};
