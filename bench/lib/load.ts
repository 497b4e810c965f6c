import { performance } from 'node:perf_hooks';

export interface LoadResult {
  /** Successful operations. */
  done: number;
  errors: number;
  /** Latency of each successful operation in ms. */
  latenciesMs: number[];
  seconds: number;
  firstError?: string;
}

type Task = (index: number) => Promise<unknown>;

/** `count` operations, at most `concurrency` at a time, each starting as soon as one ends (the max rate). */
export async function closedLoop(count: number, concurrency: number, task: Task): Promise<LoadResult> {
  const result = newResult();
  const started = performance.now();
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < count) {
      const index = next++;
      await timed(result, performance.now(), () => task(index));
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, lane));
  result.seconds = (performance.now() - started) / 1000;
  return result;
}

/**
 * `count` operations started at a fixed rate whatever the answers do (an open loop, like webhooks
 * arriving). Latency counts from each operation's planned start, so a stall is not hidden.
 */
export async function openLoop(count: number, ratePerSecond: number, task: Task): Promise<LoadResult> {
  const result = newResult();
  const started = performance.now();
  const running: Promise<void>[] = [];
  for (let index = 0; index < count; index++) {
    const planned = started + (index * 1000) / ratePerSecond;
    const delay = planned - performance.now();
    if (delay > 1) await new Promise((done) => setTimeout(done, delay));
    running.push(timed(result, planned, () => task(index)));
  }
  await Promise.all(running);
  result.seconds = (performance.now() - started) / 1000;
  return result;
}

function newResult(): LoadResult {
  return { done: 0, errors: 0, latenciesMs: [], seconds: 0 };
}

async function timed(result: LoadResult, since: number, operation: () => Promise<unknown>): Promise<void> {
  try {
    await operation();
    result.latenciesMs.push(performance.now() - since);
    result.done++;
  } catch (error) {
    result.errors++;
    result.firstError ??= error instanceof Error ? error.message : String(error);
  }
}

/** Several runs as one: operations, errors and latencies added up, time summed. */
export function combine(results: readonly LoadResult[]): LoadResult {
  const combined = newResult();
  for (const result of results) {
    combined.done += result.done;
    combined.errors += result.errors;
    combined.latenciesMs.push(...result.latenciesMs);
    combined.seconds += result.seconds;
    combined.firstError ??= result.firstError;
  }
  return combined;
}
