/**
 * Closed-loop load: run `task` for every index 0..count-1 over `concurrency` lanes (each lane starts the next index
 * when its previous one ends). Returns each call's latency in ms — or the number the task returns, for tasks that
 * measure their own end-to-end time — and the wall time of the whole run.
 */
export async function timedLanes(count: number, concurrency: number, task: (i: number) => Promise<number | void>): Promise<{ samples: number[]; wallMs: number }> {
  const samples: number[] = [];
  let next = 0;
  const started = performance.now();
  const lane = async () => {
    for (let i = next++; i < count; i = next++) {
      const t0 = performance.now();
      const measured = await task(i);
      samples.push(typeof measured === 'number' ? measured : performance.now() - t0);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, lane));
  return { samples, wallMs: performance.now() - started };
}
