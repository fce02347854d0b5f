/**
 * Per-tab budgets for what a content script may ask: a page's scripts can make its content script ask
 * nothing it would not ask anyway (lib/page-trust.ts), but they can make it ask often (rewrite a listing, push
 * URLs): each kind of request a tab sends draws on a bucket that refills with time, and a request that finds it
 * empty is refused. The budgets are far above what a person browsing needs.
 */

export interface Budget {
  /** Requests that may come at once. */
  burst: number;
  /** Requests the bucket regains per second. */
  perSecond: number;
}

export class RateLimited extends Error {}

export function rateLimiter<K extends string>(budgets: Record<K, Budget>, now: () => number = Date.now) {
  const buckets = new Map<string, { tokens: number; at: number }>();
  return {
    /** Takes one request of `kind` from `tab`'s bucket; throws RateLimited when it is empty. */
    take(tab: number, kind: K, cost = 1): void {
      const budget = budgets[kind];
      const key = `${tab}:${kind}`;
      const time = now();
      const bucket = buckets.get(key) ?? { tokens: budget.burst, at: time };
      bucket.tokens = Math.min(budget.burst, bucket.tokens + ((time - bucket.at) / 1000) * budget.perSecond);
      bucket.at = time;
      if (bucket.tokens < cost) {
        buckets.set(key, bucket);
        throw new RateLimited('This page is asking Papershelf too often: wait a moment.');
      }
      bucket.tokens -= cost;
      buckets.set(key, bucket);
    },
    /** Forgets a closed tab. */
    forget(tab: number): void {
      for (const key of buckets.keys()) if (key.startsWith(`${tab}:`)) buckets.delete(key);
    },
  };
}
