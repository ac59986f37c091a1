import { useEffect, useState } from 'react';
import type { InspectedEvent } from '../../../core/contract';
import { useInspector } from '../state/inspector.slice';
import { useLab } from '../state/lab.store';
import { EventList } from './EventList';

/**
 * Kubernetes events, Warnings highlighted: those of the selected object, or with nothing selected the
 * namespace's most recent events (refreshed as the graph changes), as `kubectl get events` lists them.
 */
export function EventsPanel() {
  const selectedId = useInspector((s) => s.selectedId);
  const inspection = useInspector((s) => s.inspection);
  const client = useLab((s) => s.client);
  const graph = useLab((s) => s.graph);
  const [recent, setRecent] = useState<InspectedEvent[]>([]);
  useEffect(() => {
    if (selectedId || !client || !graph?.available) return;
    let current = true;
    void client.api.graph
      .events({ limit: 200 })
      .then((events) => current && setRecent(events))
      .catch(() => undefined);
    return () => {
      current = false;
    };
  }, [selectedId, client, graph]);
  const events = selectedId ? (inspection?.id === selectedId ? inspection.events : []) : recent;
  const warnings = events.filter((e) => e.type === 'Warning').length;
  return (
    <div className="instrument" data-testid="events-panel">
      <p className="small">
        {selectedId ? (
          <>
            Events of <code>{selectedId}</code>
          </>
        ) : (
          'Recent events in the namespace (select an object for its own)'
        )}
        : {events.length} ({warnings} warning{warnings === 1 ? '' : 's'})
      </p>
      <EventList
        events={events}
        empty={selectedId ? 'No events recorded for this object.' : 'No events yet.'}
      />
    </div>
  );
}
