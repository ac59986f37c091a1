import { useInspector } from '../state/inspector.slice';
import { EventList } from './EventList';

/**
 * Kubernetes events of the selected object, Warnings highlighted. The contract answers events per
 * object (graph.inspect); there is no cluster-wide event feed to show here.
 */
export function EventsPanel() {
  const selectedId = useInspector((s) => s.selectedId);
  const inspection = useInspector((s) => s.inspection);
  if (!selectedId) {
    return (
      <div className="instrument" data-testid="events-panel">
        <p className="muted">Select an object in the graph to list its events.</p>
      </div>
    );
  }
  const events = inspection?.id === selectedId ? inspection.events : [];
  const warnings = events.filter((e) => e.type === 'Warning').length;
  return (
    <div className="instrument" data-testid="events-panel">
      <p className="small">
        Events of <code>{selectedId}</code>: {events.length} ({warnings} warning{warnings === 1 ? '' : 's'})
      </p>
      <EventList events={events} empty="No events recorded for this object." />
    </div>
  );
}
