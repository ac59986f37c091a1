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

/** One aggregation group: events from one source about one object with one type and reason. */
export interface Aggregate<C = unknown> {
  readonly source: object;
  readonly type: string;
  /** The distinct messages seen (upstream's localKeys), oldest first. */
  messages: Set<string>;
  last: number;
  /** The recorder's combined event for this group; kept when the group starts over, as upstream's cache keeps it. */
  combined?: C;
}

interface SpamBucket {
  tokens: number;
  last: number;
}

/**
 * Per involved object: its aggregation groups by reason and one spam bucket per source. Sources
 * are the recorder's shared source objects, so both are found without building a key string.
 */
export interface ObjectCorrelation<C = unknown> {
  aggregates?: Map<string, Aggregate<C>[]>;
  spam?: Map<object, SpamBucket>;
}

/**
 * EventAggregate: returns the event's group when it is to be recorded as the group's combined
 * event, undefined when it is recorded as itself.
 */
export function aggregate<C>(state: ObjectCorrelation<C>, source: object, type: string, reason: string, message: string, now: number): Aggregate<C> | undefined {
  const aggregates = (state.aggregates ??= new Map<string, Aggregate<C>[]>());
  let groups = aggregates.get(reason);
  if (!groups) aggregates.set(reason, (groups = []));
  let a = groups.find((g) => g.source === source && g.type === type);
  if (!a) groups.push((a = { source, type, messages: new Set(), last: now }));
  else if (now - a.last > AGGREGATE_INTERVAL_MS) a.messages.clear();
  a.messages.add(message);
  a.last = now;
  if (a.messages.size < AGGREGATE_MAX_EVENTS) return undefined;
  // Upstream pops an arbitrary member to keep the set below the maximum; the oldest here, for
  // determinism. A message seen again while still in the set goes back to its own event.
  const oldest = a.messages.values().next().value as string;
  a.messages.delete(oldest);
  return a;
}

/** EventSourceObjectSpamFilter.Filter: false when the event is to be dropped (TryAccept failed). */
export function allowBySpamFilter(state: ObjectCorrelation, source: object, now: number): boolean {
  const buckets = (state.spam ??= new Map());
  let b = buckets.get(source);
  if (!b) buckets.set(source, (b = { tokens: SPAM_BURST, last: now }));
  b.tokens = Math.min(SPAM_BURST, b.tokens + (now - b.last) / SPAM_REFILL_MS);
  b.last = now;
  if (b.tokens < 1) return false;
  b.tokens -= 1;
  return true;
}
