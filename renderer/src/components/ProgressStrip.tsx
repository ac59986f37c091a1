import { useMemo } from 'react';
import { useActions } from '../state/actions.slice';
import { useLab } from '../state/lab.store';
import { deploymentProgress } from '../state/rollout-progress';

/**
 * What is happening right now, in words, instead of a spinner: the cluster connection's own status
 * message, the actions waiting for the engine, and every Deployment still converging (read from the
 * live graph, so it moves as the controller does).
 */
export function ProgressStrip() {
  const status = useLab((s) => s.status);
  const graph = useLab((s) => s.graph);
  const pending = useActions((s) => s.pending);
  const rollouts = useMemo(() => deploymentProgress(graph?.model), [graph]);
  const lines: { key: string; text: string }[] = [];
  if (status.state === 'connecting') lines.push({ key: 'connect', text: status.message });
  for (const p of pending) lines.push({ key: `action-${p.id}`, text: `${p.label}…` });
  for (const r of rollouts) lines.push({ key: r.id, text: r.text });
  if (lines.length === 0) return null;
  return (
    <ul className="progress-strip" aria-live="polite" data-testid="progress">
      {lines.map((line) => (
        <li key={line.key}>{line.text}</li>
      ))}
    </ul>
  );
}
