/**
 * Long loops in a page (the side panel) give the page back often enough that it never stalls:
 * call `due()` as often as convenient and `await pause()` when it says so.
 */
export interface Pacer {
  due(): boolean;
  pause(): Promise<void>;
}

/** Yields to the page's event loop once `budgetMs` has passed since the last yield. */
export function pacer(
  budgetMs = 40,
  now: () => number = () => performance.now(),
  yieldNow: () => Promise<void> = () => new Promise((resolve) => setTimeout(resolve, 0)),
): Pacer {
  let since = now();
  return {
    due: () => now() - since >= budgetMs,
    async pause() {
      await yieldNow();
      since = now();
    },
  };
}

/** Runs a step generator to its end, pausing between steps whenever the pacer says so. */
export async function runPaced<T>(steps: Generator<void, T>, pace: Pacer): Promise<T> {
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
    if (pace.due()) await pace.pause();
  }
}

/** Runs a step generator to its end at once, for callers outside a page. */
export function runAtOnce<T>(steps: Generator<void, T>): T {
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}
