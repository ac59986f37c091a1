import type { InspectedEvent } from '../../../core/contract';

function when(lastSeen: string | undefined): string {
  if (!lastSeen) return '';
  const d = new Date(lastSeen);
  return Number.isNaN(d.getTime()) ? lastSeen : d.toLocaleTimeString('en-GB');
}

/**
 * Kubernetes events of one object, Warning events marked. The engine sends them oldest first; they
 * are shown newest first so the latest is visible without scrolling the short list.
 */
export function EventList({ events, empty }: { events: InspectedEvent[]; empty: string }) {
  if (events.length === 0) return <p className="muted small">{empty}</p>;
  return (
    <ul className="event-list" data-testid="event-list">
      {[...events].reverse().map((event, index) => (
        <li key={index} className={event.type === 'Warning' ? 'event event-warning' : 'event'}>
          <span className="event-type">{event.type}</span>
          <strong>{event.reason}</strong>
          {event.object ? <span className="event-object"> {event.object}</span> : null}
          {event.count > 1 ? <span className="muted"> ×{event.count}</span> : null}
          <span className="muted event-time">{when(event.lastSeen)}</span>
          <div className="event-message">{event.message}</div>
        </li>
      ))}
    </ul>
  );
}
