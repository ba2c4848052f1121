/**
 * The help center's strings, English and German, through one server-side i18next instance. Pages get a `t`
 * fixed to the page language (`helpCenterT('de')`); interpolated values are not escaped here because every
 * string goes through the `html` template (html.ts), which escapes once.
 */
import i18next, { type TFunction } from 'i18next';
import { isKbLanguage, KB_LANGUAGES, type KbLanguage } from '../../../core/kb';

/** The help center speaks the knowledge base's languages (core/kb.ts); each needs a catalogue below. */
export const HELP_LANGUAGES = KB_LANGUAGES;
export type HelpLanguage = KbLanguage;
export const isHelpLanguage = isKbLanguage;

const en = {
  siteName: 'Help center',
  homeTitle: 'How can we help?',
  homeDescription: 'Answers to common questions, guides and step-by-step tutorials.',
  skipToContent: 'Skip to content',
  searchLabel: 'Search the help center',
  searchPlaceholder: 'Search articles, e.g. “reset password”',
  searchButton: 'Search',
  languageLabel: 'Language',
  languageName: { en: 'English', de: 'Deutsch' },
  breadcrumb: 'Breadcrumb',
  articleCount_one: '{{count}} article',
  articleCount_other: '{{count}} articles',
  noCategories: 'No articles have been published yet.',
  sectionEmpty: 'No articles in this section yet.',
  kind: { article: 'Article', tutorial: 'Tutorial' },
  updated: 'Updated {{date}}',
  alsoIn: 'Also available in',
  related: 'Related articles',
  feedback: {
    question: 'Was this article helpful?',
    yes: 'Yes',
    no: 'No',
    comment: 'How can we improve it? (optional)',
    send: 'Send feedback',
    thanks: 'Thank you for your feedback!',
    failed: 'Your feedback could not be sent. Please try again.',
  },
  tutorial: {
    progress: 'Tutorial progress',
    stepOf: 'Step {{current}} of {{total}}',
    previous: 'Previous',
    next: 'Next',
    done: 'You have completed this tutorial.',
    check: 'Check your understanding',
    checkAnswer: 'Check answer',
    correct: 'Correct!',
    incorrect: 'Not quite. Try again.',
    pickOne: 'Choose an answer first.',
    showAnswer: 'Show the answer',
  },
  search: {
    title: 'Search',
    resultsFor: 'Results for “{{q}}”',
    count_one: '{{count}} result',
    count_other: 'About {{count}} results',
    none: 'No results for “{{q}}”. Try other or fewer words.',
    empty: 'Type a question or a few keywords to search.',
    previous: 'Previous results',
    next: 'More results',
    pages: 'Result pages',
  },
  notFound: {
    title: 'Page not found',
    text: 'This page does not exist or is no longer available.',
    home: 'Go to the help center',
  },
  unavailable: {
    title: 'Search is temporarily unavailable',
    text: 'Please try again in a few minutes. Meanwhile you can browse the categories.',
  },
  contact: 'Didn’t find what you need?',
  contactLink: 'Contact support',
};

type Shape<T> = { [K in keyof T]: T[K] extends string ? string : Shape<T[K]> };

const de: Shape<typeof en> = {
  siteName: 'Hilfe-Center',
  homeTitle: 'Wie können wir helfen?',
  homeDescription: 'Antworten auf häufige Fragen, Anleitungen und Schritt-für-Schritt-Tutorials.',
  skipToContent: 'Zum Inhalt springen',
  searchLabel: 'Im Hilfe-Center suchen',
  searchPlaceholder: 'Artikel suchen, z. B. „Passwort zurücksetzen“',
  searchButton: 'Suchen',
  languageLabel: 'Sprache',
  languageName: { en: 'English', de: 'Deutsch' },
  breadcrumb: 'Brotkrümelnavigation',
  articleCount_one: '{{count}} Artikel',
  articleCount_other: '{{count}} Artikel',
  noCategories: 'Es wurden noch keine Artikel veröffentlicht.',
  sectionEmpty: 'In diesem Bereich gibt es noch keine Artikel.',
  kind: { article: 'Artikel', tutorial: 'Tutorial' },
  updated: 'Aktualisiert am {{date}}',
  alsoIn: 'Auch verfügbar auf',
  related: 'Verwandte Artikel',
  feedback: {
    question: 'War dieser Artikel hilfreich?',
    yes: 'Ja',
    no: 'Nein',
    comment: 'Was können wir verbessern? (optional)',
    send: 'Feedback senden',
    thanks: 'Vielen Dank für Ihr Feedback!',
    failed: 'Ihr Feedback konnte nicht gesendet werden. Bitte versuchen Sie es erneut.',
  },
  tutorial: {
    progress: 'Fortschritt im Tutorial',
    stepOf: 'Schritt {{current}} von {{total}}',
    previous: 'Zurück',
    next: 'Weiter',
    done: 'Sie haben dieses Tutorial abgeschlossen.',
    check: 'Verständnisfrage',
    checkAnswer: 'Antwort prüfen',
    correct: 'Richtig!',
    incorrect: 'Nicht ganz. Versuchen Sie es noch einmal.',
    pickOne: 'Wählen Sie zuerst eine Antwort.',
    showAnswer: 'Antwort anzeigen',
  },
  search: {
    title: 'Suche',
    resultsFor: 'Ergebnisse für „{{q}}“',
    count_one: '{{count}} Ergebnis',
    count_other: 'Etwa {{count}} Ergebnisse',
    none: 'Keine Ergebnisse für „{{q}}“. Versuchen Sie andere oder weniger Wörter.',
    empty: 'Geben Sie eine Frage oder einige Stichwörter ein.',
    previous: 'Vorherige Ergebnisse',
    next: 'Weitere Ergebnisse',
    pages: 'Ergebnisseiten',
  },
  notFound: {
    title: 'Seite nicht gefunden',
    text: 'Diese Seite existiert nicht oder ist nicht mehr verfügbar.',
    home: 'Zum Hilfe-Center',
  },
  unavailable: {
    title: 'Die Suche ist vorübergehend nicht verfügbar',
    text: 'Bitte versuchen Sie es in ein paar Minuten erneut. Bis dahin können Sie die Kategorien durchsuchen.',
  },
  contact: 'Nicht gefunden, was Sie suchen?',
  contactLink: 'Support kontaktieren',
};

export const helpCenterCatalogues: Record<HelpLanguage, typeof en> = { en, de };

const instance = i18next.createInstance();
// Synchronous init (resources are in memory), so the module is ready once imported.
void instance.init({
  resources: Object.fromEntries(HELP_LANGUAGES.map((l) => [l, { translation: helpCenterCatalogues[l] }])),
  lng: 'en',
  fallbackLng: 'en',
  supportedLngs: [...HELP_LANGUAGES],
  initAsync: false,
  interpolation: { escapeValue: false },
  returnNull: false,
});

export type HelpT = TFunction;
export const helpCenterT = (lang: HelpLanguage): HelpT => instance.getFixedT(lang);

/** The best supported language for an Accept-Language header value (Koa's negotiator does the q-values). */
export function bestLanguage(accepted: string | false | undefined): HelpLanguage {
  return accepted && isHelpLanguage(accepted) ? accepted : 'en';
}
