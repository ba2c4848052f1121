import test from 'ava';
import {
  BOT_TUNING, answerConfidence, bestPassage, centroid, classifyIntent, decideReply, intentScore, normalizeQuestion, pickOption, splitSentences,
} from '../../../core/bot/bot-scoring';

const dot = (a: readonly number[], b: readonly number[]) => {
  let s = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    s += a[i]! * b[i]!;
    na += a[i]! ** 2;
    nb += b[i]! ** 2;
  }
  return na && nb ? s / Math.sqrt(na * nb) : 0;
};

test('centroid is the mean vector', (t) => {
  t.deepEqual(centroid([[1, 0], [0, 1]]), [0.5, 0.5]);
  t.deepEqual(centroid([]), []);
});

test('intent score: nearest example dominates, the centroid adds a little', (t) => {
  const intent = { id: 1, vectors: [[1, 0, 0], [0, 1, 0]] };
  // Identical to one example: 0.7 * 1 + 0.3 * cos(45°).
  t.is(Math.round(intentScore([1, 0, 0], intent, dot) * 1000) / 1000, Math.round((0.7 + 0.3 * Math.SQRT1_2) * 1000) / 1000);
  t.is(intentScore([0, 0, 1], intent, dot), 0);
  t.is(intentScore([1, 0, 0], { id: 2, vectors: [] }, dot), 0);
});

test('classifier picks the best intent at or above the threshold, else none', (t) => {
  const intents = [{ id: 1, vectors: [[1, 0, 0]] }, { id: 2, vectors: [[0.8, 0.6, 0]] }];
  t.deepEqual(classifyIntent([1, 0, 0], intents, dot, 0.9)?.intentId, 1);
  t.deepEqual(classifyIntent([0.8, 0.6, 0], intents, dot, 0.9)?.intentId, 2);
  t.is(classifyIntent([0, 0, 1], intents, dot, 0.5), null);
  // Same message, higher bar: nothing matches.
  t.is(classifyIntent([0.6, 0.8, 0], intents, dot, 0.99), null);
});

test('sentences: split on end punctuation and lines, blanks dropped', (t) => {
  t.deepEqual(splitSentences('Open the app. Tap Add device! Done?\nSettings → Network\n\n  '), ['Open the app.', 'Tap Add device!', 'Done?', 'Settings → Network']);
  t.deepEqual(splitSentences('Version 2.4 GHz works. Next.'), ['Version 2.4 GHz works.', 'Next.']);
});

test('best passage: the most similar sentence with its neighbours, within the budget', (t) => {
  const s = ['A one.', 'B two.', 'C three.', 'D four.', 'E five.'];
  t.deepEqual(bestPassage(s, [0.1, 0.2, 0.9, 0.3, 0.1]), { passage: 'B two. C three. D four.', similarity: 0.9 });
  t.deepEqual(bestPassage(s, [0.9, 0.2, 0.1, 0.3, 0.1]), { passage: 'A one. B two. C three.', similarity: 0.9 });
  t.is(bestPassage([], []), null);
  t.is(bestPassage(['x'], [0.1, 0.2]), null);
  const long = ['x'.repeat(300), 'y'.repeat(300), 'z'.repeat(10)];
  t.is(bestPassage(long, [0.1, 0.9, 0.2])!.passage, `${'y'.repeat(300)} ${'z'.repeat(10)}`);
  t.true(bestPassage(['w'.repeat(1000)], [1])!.passage.length <= 420);
});

test('confidence blends the engine score with the passage similarity', (t) => {
  t.is(answerConfidence(0.8, null), 0.8);
  t.is(answerConfidence(0.8, 0.4, { ...BOT_TUNING, passageWeight: 0.5 }), 0.6000000000000001);
  t.is(answerConfidence(2, 2), 1);
});

const tuning = { ...BOT_TUNING, answerThreshold: 0.5, clarifyMargin: 0.03, clarifyFloor: 0.55, passageWeight: 0.5 };
const hit = (articleId: number, score: number, relevance = score, passageSimilarity: number | null = 0.8) => ({ articleId, title: `T${articleId}`, score, relevance, passageSimilarity });

test('decide: confident single winner → answer', (t) => {
  const d = decideReply([hit(1, 0.9), hit(2, 0.7)], tuning);
  t.is(d.kind, 'answer');
  t.is(Math.round(d.confidence * 100), 85);
});

test('decide: close results about different articles → clarify with those articles', (t) => {
  const d = decideReply([hit(1, 0.8), hit(2, 0.79), hit(3, 0.78), hit(4, 0.6)], tuning);
  t.is(d.kind, 'clarify');
  t.deepEqual(d.kind === 'clarify' && d.options.map((o) => o.articleId), [1, 2, 3]);
});

test('decide: a close runner-up below the floor does not trigger a clarifying question', (t) => {
  t.is(decideReply([hit(1, 0.56, 0.56, 0.9), hit(2, 0.54)], tuning).kind, 'answer');
});

test('decide: confidence comes from the engine relevance and the passage, not the ranking blend', (t) => {
  // Ranked first, but neither the engine nor the passage is convinced: no answer.
  const d = decideReply([hit(1, 0.9, 0.55, 0.2)], tuning);
  t.is(d.kind, 'no_answer');
  t.is(Math.round(d.confidence * 1000), 375);
});

test('decide: low confidence or nothing found → no answer', (t) => {
  t.is(decideReply([hit(1, 0.4, 0.4, 0.3)], tuning).kind, 'no_answer');
  t.deepEqual(decideReply([], tuning), { kind: 'no_answer', confidence: 0 });
});

test('questions are grouped ignoring case, spacing and end punctuation', (t) => {
  t.is(normalizeQuestion('  Where is  my PARCEL?? '), 'where is my parcel');
});

test('an option is picked by number or by its label', (t) => {
  const options = [{ label: 'Track your order', articleId: 1 }, { label: 'Customs duties', articleId: 2 }];
  t.is(pickOption('2', options)?.articleId, 2);
  t.is(pickOption('track your order', options)?.articleId, 1);
  t.is(pickOption('3', options), null);
  t.is(pickOption('something else', options), null);
});
