/**
 * The keyword half of the bot's hybrid search: a chat question without its function words. Customers write
 * "how do I ..." and "can my ..."; left in, those words match nearly every article and the engine's word-count
 * ranking prefers whichever article repeats them most. The vector half keeps the full question.
 */
const STOP_WORDS: Record<'en' | 'de', ReadonlySet<string>> = {
  en: new Set(`a about after again all also am an and any anymore anyone are as at be been before being but by can cannot cant could
    did didnt do does doesnt doing dont for from get got had has have having he her here hers him his how i id im if in into is isnt it
    its ive just me mine more my myself need no not now of on once only or other our out over please really she should so some still
    such than that thats the their them then there these they this those to too up us very want was wasnt we were what whats when
    where which while who why will with wont would yet you your yours hi hello hey thanks thank`.split(/\s+/)),
  de: new Set(`aber alle als am an auch auf aus bei bin bis bitte da das dass dem den der des die doch du ein eine einem einen einer
    es für hab habe hallo hat hatte ich ihr im in ist ja kann kein keine man mein meine meinem meinen mich mir mit muss nach nicht noch
    nur ob oder sich sie sind so und uns von vor was wie wieso wir wo zu zum zur warum welche welcher`.split(/\s+/)),
};

/** The question's content words in order, or the question itself when nothing else is left. */
export function keywordQuery(text: string, language: string): string {
  const stop = language.startsWith('de') ? STOP_WORDS.de : STOP_WORDS.en;
  const words = text.split(/\s+/).filter(Boolean);
  const kept = words.filter((w) => {
    const bare = w.toLowerCase().replace(/[’']/g, '').replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, '');
    return bare.length > 0 && !stop.has(bare);
  });
  return kept.length ? kept.join(' ') : text;
}
