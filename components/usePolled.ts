import { useEffect, useState } from 'preact/hooks';

/** While the library index is being built, how often a page asks again. */
const POLL_MS = 1000;

export interface Polled<T> {
  answer?: T;
  error?: string;
}

/**
 * Asks once per change of `deps`, and again while `again(answer)` says so (the library index is still opening
 * or being built): every second for `true`, after that many milliseconds for a number; every two seconds after
 * an error. An answer to an older question never replaces a newer one.
 */
export function usePolled<T>(
  ask: (() => Promise<T>) | undefined,
  again: (answer: T) => boolean | number,
  deps: unknown[],
): Polled<T> {
  const [polled, setPolled] = useState<Polled<T> & { deps?: unknown[] }>({});
  useEffect(() => {
    if (!ask) return;
    let stale = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const run = () =>
      ask().then(
        (answer) => {
          if (stale) return;
          setPolled({ answer, deps });
          const wait = again(answer);
          if (wait !== false) timer = setTimeout(run, wait === true ? POLL_MS : wait);
        },
        (error: Error) => {
          if (stale) return;
          setPolled({ error: error.message, deps });
          // The background or the index may be starting: asking again beats a page stuck on its error.
          timer = setTimeout(run, POLL_MS * 2);
        },
      );
    void run();
    return () => {
      stale = true;
      clearTimeout(timer);
    };
  }, deps);
  // Answers to the previous question are not shown as answers to this one.
  const current =
    polled.deps?.length === deps.length && polled.deps.every((dep, i) => Object.is(dep, deps[i]));
  return current ? polled : {};
}
