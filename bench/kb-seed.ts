import pg from 'pg';
import type { Db } from '../db/knex';

/**
 * A synthetic knowledge base at scale, generated inside PostgreSQL (INSERT … SELECT over generate_series, in
 * batches so each statement and the server's memory stay bounded): categories → sections → articles with English
 * and/or German translations whose titles and bodies are composed from parallel word lists, so an article's two
 * translations are about the same topic. Topics are skewed (a few are very common), some articles are internal,
 * some are tutorials, a few translations are drafts or archived. Deterministic (setseed) for a given size.
 */

export type KbSeedOptions = { articles: number; log: (msg: string) => void; batch?: number };
export type KbSeedResult = { articles: number; translations: number; published: number; ms: number };

// Parallel lists: index i is the same thing in both languages.
const OBJECTS_EN = [
  'password', 'invoice', 'refund', 'subscription', 'account', 'order', 'shipment', 'payment method', 'login page', 'dashboard',
  'export', 'monthly report', 'webhook', 'API key', 'mobile app', 'checkout', 'coupon code', 'delivery', 'integration',
  'single sign-on', 'two-factor authentication', 'email notifications', 'billing address', 'credit card', 'data import',
  'user invitation', 'team workspace', 'search', 'calendar sync', 'receipt', 'tracking number', 'warranty claim',
  'return label', 'price plan', 'free trial', 'VAT number', 'CSV export', 'audit log', 'chat widget', 'profile',
  'language settings', 'time zone', 'permissions', 'storage limit', 'backup',
];
const OBJECTS_DE = [
  'Passwort', 'Rechnung', 'Rückerstattung', 'Abonnement', 'Konto', 'Bestellung', 'Lieferung', 'Zahlungsmethode', 'Anmeldeseite', 'Übersicht',
  'Export', 'Monatsbericht', 'Webhook', 'API-Schlüssel', 'mobile App', 'Kasse', 'Gutscheincode', 'Zustellung', 'Integration',
  'Single Sign-on', 'Zwei-Faktor-Authentifizierung', 'E-Mail-Benachrichtigungen', 'Rechnungsadresse', 'Kreditkarte', 'Datenimport',
  'Benutzereinladung', 'Team-Arbeitsbereich', 'Suche', 'Kalendersynchronisierung', 'Quittung', 'Sendungsnummer', 'Garantieanspruch',
  'Rücksendeetikett', 'Preisplan', 'Testphase', 'Umsatzsteuer-ID', 'CSV-Export', 'Prüfprotokoll', 'Chat-Widget', 'Profil',
  'Spracheinstellungen', 'Zeitzone', 'Berechtigungen', 'Speicherlimit', 'Sicherung',
];
const VERBS_EN = [
  'reset', 'change', 'cancel', 'set up', 'download', 'update', 'delete', 'connect', 'activate', 'export', 'import', 'share',
  'find', 'restore', 'verify', 'configure', 'upgrade', 'transfer', 'review', 'renew',
];
const VERBS_DE = [
  'zurücksetzen', 'ändern', 'kündigen', 'einrichten', 'herunterladen', 'aktualisieren', 'löschen', 'verbinden', 'aktivieren', 'exportieren',
  'importieren', 'teilen', 'finden', 'wiederherstellen', 'bestätigen', 'konfigurieren', 'upgraden', 'übertragen', 'prüfen', 'verlängern',
];
const TITLES_EN = [
  'How to {v} your {o}', '{O}: frequently asked questions', 'Troubleshooting the {o}', 'Why can I not {v} my {o}?',
  'Getting started with the {o}', '{O} settings explained', 'What happens when I {v} my {o}?', 'Best practices for the {o}',
];
const TITLES_DE = [
  'So können Sie {o} {v}', '{O}: häufige Fragen', 'Probleme mit {o} beheben', 'Warum kann ich {o} nicht {v}?',
  'Erste Schritte: {o}', 'Einstellungen für {o} erklärt', 'Was passiert, wenn ich {o} {v}?', 'Tipps für {o}',
];
const STARTERS_EN = [
  'You can', 'To', 'Administrators can', 'If you need to', 'Open Settings to', 'Most customers', 'Your team can',
  'We recommend that you', 'It is not possible to', 'Contact support to', 'Only account owners can', 'Use the menu to',
];
const STARTERS_DE = [
  'Sie können', 'Administratoren können', 'Bitte', 'Ihr Team kann', 'Wir empfehlen,', 'In den Einstellungen können Sie',
  'Nur Kontoinhaber können', 'Kunden können', 'Über das Menü können Sie', 'Der Support kann',
];
const TAILS_EN = [
  'from the account menu', 'within 24 hours', 'before the next billing cycle', 'on the mobile app and on the web',
  'after confirming your email address', 'in the admin console', 'without losing any data', 'for every member of your team',
  'when the payment fails', 'if the page shows an error', 'at any time', 'once the order has shipped', 'in a few seconds',
  'from the settings page', 'with a single click', 'after the trial ends', 'for invoices older than a year',
];
const TAILS_DE = [
  'im Kontomenü', 'innerhalb von 24 Stunden', 'vor dem nächsten Abrechnungszeitraum', 'in der mobilen App und im Web',
  'nach der Bestätigung Ihrer E-Mail-Adresse', 'im Admin-Bereich', 'ohne Datenverlust', 'für alle Mitglieder Ihres Teams',
  'wenn die Zahlung fehlschlägt', 'wenn die Seite einen Fehler zeigt', 'jederzeit', 'nach dem Versand der Bestellung',
  'in wenigen Sekunden', 'auf der Einstellungsseite', 'mit einem Klick', 'nach Ende der Testphase',
];
const FILLER_EN = (
  'note that the change applies immediately to all devices and may take a moment to appear in reports ' +
  'customers often ask whether their data stays safe during the process and the answer is yes ' +
  'please check the status page first because an outage can cause similar symptoms for many users ' +
  'the limit depends on your plan and can be raised by upgrading or by asking your account manager ' +
  'screenshots help our team reproduce the problem faster so attach them to your request whenever possible ' +
  'browser extensions sometimes block scripts so try a private window or another browser before reporting'
).split(' ');
const FILLER_DE = (
  'beachten Sie dass die Änderung sofort für alle Geräte gilt und kurz dauern kann bis sie in Berichten erscheint ' +
  'Kunden fragen oft ob ihre Daten während des Vorgangs sicher bleiben und die Antwort ist ja ' +
  'bitte prüfen Sie zuerst die Statusseite denn eine Störung kann bei vielen Nutzern ähnliche Symptome verursachen ' +
  'das Limit hängt von Ihrem Tarif ab und kann durch ein Upgrade oder über Ihren Ansprechpartner erhöht werden ' +
  'Bildschirmfotos helfen unserem Team das Problem schneller nachzustellen also hängen Sie diese bitte an'
).split(' ');
const CATEGORIES = [
  ['getting-started', 'Getting started', 'Erste Schritte'], ['account', 'Account and login', 'Konto und Anmeldung'],
  ['billing', 'Billing and payments', 'Abrechnung und Zahlung'], ['orders', 'Orders and delivery', 'Bestellungen und Lieferung'],
  ['integrations', 'Integrations and API', 'Integrationen und API'], ['security', 'Security and privacy', 'Sicherheit und Datenschutz'],
  ['reports', 'Reports and exports', 'Berichte und Exporte'], ['mobile', 'Mobile apps', 'Mobile Apps'],
  ['team', 'Teams and permissions', 'Teams und Berechtigungen'], ['troubleshooting', 'Troubleshooting', 'Fehlerbehebung'],
] as const;
const SECTIONS_PER_CATEGORY = 8;

const literal = (s: string) => `'${s.replace(/'/g, "''")}'`;
const array = (items: readonly string[]) => `ARRAY[${items.map(literal).join(',')}]::text[]`;

/**
 * Helper functions, temporary to the seeding session. `h(id, salt)`: a deterministic 0..1 value per article, so
 * both translations of an article pick the same topic and template. Everything else draws from random() (setseed).
 */
function helperFunctions(): string[] {
  const perLanguage = (en: readonly string[], de: readonly string[]) => `CASE WHEN lang = 'de' THEN ${array(de)} ELSE ${array(en)} END`;
  return [
    `CREATE FUNCTION pg_temp.h(id bigint, salt int) RETURNS float8 LANGUAGE sql IMMUTABLE AS
       $$ SELECT ((abs(hashint8(id * 131 + salt)::bigint) % 1000003) / 1000003.0)::float8 $$`,
    `CREATE FUNCTION pg_temp.pick(a text[]) RETURNS text LANGUAGE sql VOLATILE AS
       $$ SELECT a[1 + floor(random() * array_length(a, 1))::int] $$`,
    `CREATE FUNCTION pg_temp.cap(s text) RETURNS text LANGUAGE sql IMMUTABLE AS $$ SELECT upper(left(s, 1)) || substr(s, 2) $$`,
    // Topic: squared uniform, so the first objects of the list are the common ones.
    `CREATE FUNCTION pg_temp.topic(id bigint, lang text) RETURNS text LANGUAGE sql IMMUTABLE AS
       $$ SELECT (${perLanguage(OBJECTS_EN, OBJECTS_DE)})[1 + floor(pg_temp.h(id, 1) ^ 2 * ${OBJECTS_EN.length})::int] $$`,
    `CREATE FUNCTION pg_temp.verb(id bigint, lang text) RETURNS text LANGUAGE sql IMMUTABLE AS
       $$ SELECT (${perLanguage(VERBS_EN, VERBS_DE)})[1 + floor(pg_temp.h(id, 2) * ${VERBS_EN.length})::int] $$`,
    `CREATE FUNCTION pg_temp.title(id bigint, lang text) RETURNS text LANGUAGE sql IMMUTABLE AS $$
       SELECT replace(replace(replace(t, '{O}', pg_temp.cap(pg_temp.topic(id, lang))), '{o}', pg_temp.topic(id, lang)), '{v}', pg_temp.verb(id, lang))
         FROM (SELECT (${perLanguage(TITLES_EN, TITLES_DE)})[1 + floor(pg_temp.h(id, 3) * ${TITLES_EN.length})::int] AS t) x $$`,
    `CREATE FUNCTION pg_temp.filler(lang text, n int) RETURNS text LANGUAGE sql VOLATILE AS $$
       SELECT string_agg(pg_temp.pick(${perLanguage(FILLER_EN, FILLER_DE)}), ' ') FROM generate_series(1, n) $$`,
    // A sentence about the article's topic 40 % of the time, else about a random one; German puts the verb last.
    `CREATE FUNCTION pg_temp.sentence(id bigint, lang text) RETURNS text LANGUAGE sql VOLATILE AS $$
       SELECT CASE WHEN lang = 'de'
         THEN pg_temp.pick(${array(STARTERS_DE)}) || ' ' || o || ' ' || pg_temp.pick(${array(TAILS_DE)}) || ' ' || v || '.'
         ELSE pg_temp.pick(${array(STARTERS_EN)}) || ' ' || v || ' the ' || o || ' ' || pg_temp.pick(${array(TAILS_EN)}) || '.' END
         || CASE WHEN random() < 0.3 THEN ' ' || pg_temp.cap(pg_temp.filler(lang, 6 + floor(random() * 10)::int)) || '.' ELSE '' END
         FROM (SELECT CASE WHEN random() < 0.4 THEN pg_temp.topic(id, lang) ELSE pg_temp.pick(${perLanguage(OBJECTS_EN, OBJECTS_DE)}) END AS o,
                      CASE WHEN random() < 0.4 THEN pg_temp.verb(id, lang) ELSE pg_temp.pick(${perLanguage(VERBS_EN, VERBS_DE)}) END AS v) x $$`,
    // 2–9 paragraphs (mostly short articles, a few long ones) of 3–6 sentences, separated by blank lines.
    `CREATE FUNCTION pg_temp.body(id bigint, lang text) RETURNS text LANGUAGE sql VOLATILE AS $$
       SELECT string_agg(p, E'\\n\\n') FROM (
         SELECT (SELECT string_agg(pg_temp.sentence(id, lang), ' ') FROM generate_series(1, 3 + floor(random() * 4)::int + g * 0)) AS p
           FROM generate_series(1, 2 + floor(random() ^ 2 * 8)::int) g) x $$`,
  ];
}

/** Seed categories, sections and `opts.articles` articles with their translations and first revisions. */
export async function seedKnowledgeBase(db: Db, url: string, opts: KbSeedOptions): Promise<KbSeedResult> {
  const started = performance.now();
  const sectionIds: number[] = [];
  for (const [position, [slug, en, de]] of CATEGORIES.entries()) {
    const [category] = await db('kb_categories')
      .insert({ slug, position, translations: { en: { name: en, description: `${en}: guides and answers` }, de: { name: de, description: `${de}: Anleitungen und Antworten` } } })
      .returning('id');
    for (let s = 1; s <= SECTIONS_PER_CATEGORY; s++) {
      const [section] = await db('kb_sections')
        .insert({ category_id: category.id, slug: `${slug}-${s}`, position: s, translations: { en: { name: `${en} ${s}`, description: '' }, de: { name: `${de} ${s}`, description: '' } } })
        .returning('id');
      sectionIds.push(Number(section.id));
    }
  }

  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('SET synchronous_commit = off');
    for (const sql of helperFunctions()) await client.query(sql);
    await client.query('SELECT setseed(0.2026)');
    const batch = opts.batch ?? 5000;
    for (let lo = 1; lo <= opts.articles; lo += batch) {
      const hi = Math.min(opts.articles, lo + batch - 1);
      await client.query('BEGIN');
      // 12 % internal, 5 % tutorials; created over two years; views heavily skewed.
      await client.query(
        `INSERT INTO kb_articles (id, section_id, kind, visibility, view_count, created_at, updated_at)
         SELECT i, ($3::bigint[])[1 + floor(pg_temp.h(i, 4) * array_length($3::bigint[], 1))::int],
                CASE WHEN pg_temp.h(i, 5) < 0.05 THEN 'tutorial' ELSE 'article' END,
                CASE WHEN pg_temp.h(i, 6) < 0.12 THEN 'internal' ELSE 'public' END,
                floor(20000 * random() ^ 6), c, c + random() * (now() - c)
           FROM generate_series($1::bigint, $2::bigint) i, LATERAL (SELECT now() - (random() + i * 0) * interval '730 days' AS c) t`,
        [lo, hi, sectionIds],
      );
      // 60 % English only, 25 % English and German, 15 % German only; 93 % of translations published.
      await client.query(
        `INSERT INTO kb_article_translations (article_id, language, title, slug, body_html, body_text, steps, state, revision, published_at, created_at, updated_at)
         SELECT a.id, l.lang, x.title,
                trim(both '-' from regexp_replace(translate(lower(x.title), 'äöüß', 'aous'), '[^a-z0-9]+', '-', 'g')),
                '<p>' || replace(x.body, E'\\n\\n', '</p><p>') || '</p>' || coalesce(x.steps_html, ''),
                x.body || coalesce(E'\\n\\n' || x.steps_text, ''),
                x.steps, s.state, 1, CASE WHEN s.state = 'published' THEN a.updated_at END, a.created_at, a.updated_at
           FROM kb_articles a
           CROSS JOIN (VALUES ('en'), ('de')) l(lang)
           CROSS JOIN LATERAL (
             SELECT pg_temp.title(a.id, l.lang) AS title, pg_temp.body(a.id, l.lang) AS body,
                    CASE WHEN a.kind = 'tutorial' THEN st.steps END AS steps,
                    CASE WHEN a.kind = 'tutorial' THEN st.html END AS steps_html,
                    CASE WHEN a.kind = 'tutorial' THEN st.txt END AS steps_text
               FROM (SELECT jsonb_agg(jsonb_build_object('title', t, 'bodyHtml', '<p>' || b || '</p>', 'imageUrl', null, 'check', null) ORDER BY n) AS steps,
                            string_agg('<h3>' || t || '</h3><p>' || b || '</p>', '' ORDER BY n) AS html,
                            string_agg(t || E'\\n' || b, E'\\n\\n' ORDER BY n) AS txt
                       FROM (SELECT n, (CASE WHEN l.lang = 'de' THEN 'Schritt ' ELSE 'Step ' END) || n AS t, pg_temp.sentence(a.id, l.lang) AS b
                               FROM generate_series(1, 3 + a.id % 3) n WHERE a.kind = 'tutorial') steps) st
           ) x
           CROSS JOIN LATERAL (SELECT CASE WHEN r < 0.93 THEN 'published' WHEN r < 0.98 THEN 'draft' ELSE 'archived' END AS state FROM (SELECT random() + a.id * 0 AS r) q) s
          WHERE a.id BETWEEN $1 AND $2
            AND CASE l.lang WHEN 'en' THEN pg_temp.h(a.id, 7) < 0.85 ELSE pg_temp.h(a.id, 7) >= 0.6 END`,
        [lo, hi],
      );
      await client.query(
        `INSERT INTO kb_article_revisions (translation_id, revision, title, body_html, steps, created_at)
         SELECT t.id, 1, t.title, t.body_html, t.steps, t.created_at FROM kb_article_translations t WHERE t.article_id BETWEEN $1 AND $2`,
        [lo, hi],
      );
      await client.query('COMMIT');
      opts.log(`  KB articles ${hi.toLocaleString('en-US')} / ${opts.articles.toLocaleString('en-US')} (${((performance.now() - started) / 1000).toFixed(1)} s)`);
    }
  } catch (err) {
    await client.query('ROLLBACK').catch(() => {});
    throw err;
  } finally {
    await client.end();
  }
  await db.raw(`SELECT setval(pg_get_serial_sequence('kb_articles', 'id'), ?)`, [opts.articles]);
  await db.raw('VACUUM (ANALYZE) kb_articles, kb_article_translations, kb_article_revisions');
  const { rows: [counts] } = await db.raw<{ rows: Array<{ translations: string; published: string }> }>(
    `SELECT count(*) AS translations, count(*) FILTER (WHERE state = 'published') AS published FROM kb_article_translations`,
  );
  return { articles: opts.articles, translations: Number(counts!.translations), published: Number(counts!.published), ms: performance.now() - started };
}
