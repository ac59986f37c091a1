/**
 * What client-go's legacy recorder does to an event before it is written (tools/record
 * events_cache.go EventCorrelator), with upstream's numbers:
 * - aggregation: when one source records events about one object with the same type and reason
 *   but 10 different messages within 10 minutes of each other, the 10th and later ones become a
 *   single event, "(combined from similar events): <latest message>", whose count goes up;
 * - spam filter: a source may write 25 events about one object, then one more every 5 minutes
 *   (a token bucket per source and object); the rest are dropped before they reach the apiserver.
 *
 * This is why `kubectl describe rs` on a 1,000-replica ReplicaSet lists a few SuccessfulCreate
 * events and not a thousand. Upstream keeps these records in LRU caches of 4,096 entries; here
 * they live as long as their object (the recorder forgets them with its events).
 */
export const AGGREGATE_MAX_EVENTS = 10;
export const AGGREGATE_INTERVAL_MS = 600_000;
export const SPAM_BURST = 25;
/** One token back every 5 minutes (defaultSpamQPS = 1/300). */
export const SPAM_REFILL_MS = 300_000;
export const COMBINED_PREFIX = '(combined from similar events): ';

interface Aggregate {
  /** The distinct messages seen (upstream's localKeys), oldest first. */
  messages: Set<string>;
  last: number;
}

interface SpamBucket {
  tokens: number;
  last: number;
}

/** Per involved object: its aggregation records and one spam bucket per source. */
export interface ObjectCorrelation {
  aggregates?: Map<string, Aggregate>;
  spam?: Map<string, SpamBucket>;
}

/**
 * EventAggregate: returns true when this event is to be recorded as the combined event of its
 * group (`groupKey`: source, type and reason; the object is the caller's `state`).
 */
export function aggregate(state: ObjectCorrelation, groupKey: string, message: string, now: number): boolean {
  const aggregates = (state.aggregates ??= new Map());
  let a = aggregates.get(groupKey);
  if (!a || now - a.last > AGGREGATE_INTERVAL_MS) aggregates.set(groupKey, (a = { messages: new Set(), last: now }));
  a.messages.add(message);
  a.last = now;
  if (a.messages.size < AGGREGATE_MAX_EVENTS) return false;
  // Upstream pops an arbitrary member to keep the set below the maximum; the oldest here, for
  // determinism. A message seen again while still in the set goes back to its own event.
  const oldest = a.messages.values().next().value as string;
  a.messages.delete(oldest);
  return true;
}

/** EventSourceObjectSpamFilter.Filter: false when the event is to be dropped (TryAccept failed). */
export function allowBySpamFilter(state: ObjectCorrelation, sourceKey: string, now: number): boolean {
  const buckets = (state.spam ??= new Map());
  let b = buckets.get(sourceKey);
  if (!b) buckets.set(sourceKey, (b = { tokens: SPAM_BURST, last: now }));
  b.tokens = Math.min(SPAM_BURST, b.tokens + (now - b.last) / SPAM_REFILL_MS);
  b.last = now;
  if (b.tokens < 1) return false;
  b.tokens -= 1;
  return true;
}
