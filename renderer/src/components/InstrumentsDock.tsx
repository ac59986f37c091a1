import type { ReactNode } from 'react';
import { useInstruments, type InstrumentTab } from '../state/instruments.slice';
import { ApplyPanel } from './ApplyPanel';
import { ClockPanel } from './ClockPanel';
import { CommandPanel } from './CommandPanel';
import { EventsPanel } from './EventsPanel';
import { ReplicasPanel } from './ReplicasPanel';
import { RolloutPanel } from './RolloutPanel';
import { TrafficPanel } from './TrafficPanel';

const TABS: { id: InstrumentTab; label: string }[] = [
  { id: 'traffic', label: 'Traffic' },
  { id: 'replicas', label: 'Replicas' },
  { id: 'rollout', label: 'Rollout' },
  { id: 'events', label: 'Events' },
  { id: 'clock', label: 'Clock' },
  { id: 'command', label: 'Command' },
  { id: 'apply', label: 'Apply YAML' },
];

function panelFor(tab: InstrumentTab): ReactNode {
  switch (tab) {
    case 'traffic':
      return <TrafficPanel />;
    case 'replicas':
      return <ReplicasPanel />;
    case 'rollout':
      return <RolloutPanel />;
    case 'events':
      return <EventsPanel />;
    case 'clock':
      return <ClockPanel />;
    case 'apply':
      return <ApplyPanel />;
    case 'command':
      return null;
  }
}

/**
 * The bottom panel. Only the shown tab is mounted (so traffic is polled only while it is visible),
 * except the command panel, which stays mounted so its terminal keeps its scrollback and a running
 * command keeps streaming while the user looks elsewhere.
 */
export function InstrumentsDock() {
  const tab = useInstruments((s) => s.tab);
  const setTab = useInstruments((s) => s.setTab);
  return (
    <section className="dock" aria-label="Instruments">
      <div className="dock-tabs" role="tablist">
        {TABS.map((t) => (
          <button
            key={t.id}
            type="button"
            role="tab"
            id={`dock-tab-${t.id}`}
            aria-selected={tab === t.id}
            aria-controls="dock-panel"
            className={tab === t.id ? 'dock-tab active' : 'dock-tab'}
            onClick={() => setTab(t.id)}
          >
            {t.label}
          </button>
        ))}
      </div>
      <div className="dock-panel" id="dock-panel" role="tabpanel" aria-labelledby={`dock-tab-${tab}`}>
        {panelFor(tab)}
        <div className="dock-keep" hidden={tab !== 'command'}>
          <CommandPanel />
        </div>
      </div>
    </section>
  );
}
