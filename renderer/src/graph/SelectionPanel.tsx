import { useStore } from 'zustand';
import { selectSelectedNode, type GraphStore } from './graph.slice';

/** The selected node explained: its summary and the reason chain, outermost first. */
export function SelectionPanel({ store }: { store: GraphStore }) {
  const node = useStore(store, selectSelectedNode);
  if (!node) return null;
  return (
    <div className={`graph-selection status-${node.status}`} aria-live="polite">
      <div className="graph-selection-title">
        <span className="graph-card-badge">{node.kind}</span> {node.label}
      </div>
      <div>{node.summary}</div>
      {node.reasons.length > 0 && (
        <ol className="graph-reasons">
          {node.reasons.map((reason, index) => (
            <li key={index}>{reason}</li>
          ))}
        </ol>
      )}
    </div>
  );
}
