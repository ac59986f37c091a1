import { useMemo } from 'react';
import type { OperationProgress } from '../../../core/contract';
import { useActions } from '../state/actions.slice';
import { useLab } from '../state/lab.store';
import { useProgress } from '../state/progress.slice';
import { deploymentProgress } from '../state/rollout-progress';

/**
 * What is happening right now, in words, instead of a spinner: the cluster connection's own status
 * message, the actions waiting for the engine, image builds step by step (from `progress` events, with
 * cache hits), and every Deployment still converging (read from the live graph, so it moves as the
 * controller does).
 */
export function ProgressStrip() {
  const status = useLab((s) => s.status);
  const graph = useLab((s) => s.graph);
  const pending = useActions((s) => s.pending);
  const operations = useProgress((s) => s.operations);
  const rollouts = useMemo(() => deploymentProgress(graph?.model), [graph]);
  const lines: { key: string; text: string; state?: OperationProgress['state'] }[] = [];
  if (status.state === 'connecting') lines.push({ key: 'connect', text: status.message });
  for (const p of pending) lines.push({ key: `action-${p.id}`, text: `${p.label}…` });
  for (const op of operations) {
    const text = op.state === 'running' ? `${op.title}: ${op.detail}` : op.detail;
    lines.push({ key: `op-${op.id}`, text, state: op.state });
  }
  for (const r of rollouts) lines.push({ key: r.id, text: r.text });
  if (lines.length === 0) return null;
  return (
    <ul className="progress-strip" aria-live="polite" data-testid="progress">
      {lines.map((line) => (
        <li key={line.key} className={line.state ? `progress-${line.state}` : undefined}>
          {line.text}
        </li>
      ))}
    </ul>
  );
}
