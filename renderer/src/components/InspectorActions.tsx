import { useState, type ReactNode } from 'react';
import type { ClusterAction } from '../../../core/contract';
import type { GraphNode } from '../../../core/graph';
import { useActions } from '../state/actions.slice';
import { formatSelector, parseSelector, type InspectedObject } from '../state/inspected-object';
import { ActionResult } from './ActionResult';

interface Props {
  node: GraphNode;
  object: InspectedObject;
  /** Replaying the past: actions would act on the present, which is not what is on screen. */
  disabled: boolean;
}

/**
 * The actions that fit the selected object. They go to the engine (clusters.action) and their
 * effect shows up in the graph through the cluster watch; this panel shows only the engine's answer.
 * Mount with `key={node.id}` so the inputs start from the newly selected object.
 */
export function InspectorActions({ node, object, disabled }: Props) {
  const run = useActions((s) => s.run);
  const busy = useActions((s) => s.pending.some((p) => p.origin === 'inspector'));
  const [replicas, setReplicas] = useState(() =>
    node.kind === 'deployment' ? String(node.replicas.desired) : '1',
  );
  const [container, setContainer] = useState(object.containers[0]?.name ?? '');
  const [image, setImage] = useState(
    object.containers[0]?.image ?? (node.kind === 'deployment' ? (node.image ?? '') : ''),
  );
  const [revision, setRevision] = useState('');
  const [selector, setSelector] = useState(node.kind === 'service' ? formatSelector(node.selector) : '');
  const [inputError, setInputError] = useState<string | undefined>();
  const off = disabled || busy;
  const { namespace, name } = node;

  const act = (label: string, action: ClusterAction) => {
    setInputError(undefined);
    void run('inspector', label, action);
  };

  let body: ReactNode = null;
  switch (node.kind) {
    case 'pod':
      body = (
        <div className="action-row">
          <button
            type="button"
            disabled={off}
            onClick={() => act(`deleting pod ${name}`, { type: 'delete-pod', namespace, name })}
          >
            Delete pod
          </button>
          <span className="muted small">
            {node.ownerId
              ? 'Its ReplicaSet will create a replacement.'
              : 'Nothing owns this pod: it will not come back.'}
          </span>
        </div>
      );
      break;
    case 'deployment': {
      const containers = object.containers;
      body = (
        <>
          <form
            className="action-row"
            onSubmit={(e) => {
              e.preventDefault();
              const n = Number(replicas);
              if (!Number.isInteger(n) || n < 0 || n > 1000) {
                setInputError('replicas must be a whole number from 0 to 1000');
                return;
              }
              act(`scaling deployment ${name} to ${n}`, { type: 'scale', namespace, name, replicas: n });
            }}
          >
            <label>
              Replicas{' '}
              <input
                type="number"
                min={0}
                max={1000}
                value={replicas}
                onChange={(e) => setReplicas(e.target.value)}
                aria-label="Replicas"
                className="num-input"
              />
            </label>
            <button type="submit" disabled={off}>
              Scale
            </button>
          </form>
          <form
            className="action-row"
            onSubmit={(e) => {
              e.preventDefault();
              if (!container) {
                setInputError('this Deployment has no container to update');
                return;
              }
              act(`setting ${container}=${image.trim()} on ${name}`, {
                type: 'set-image',
                namespace,
                name,
                container,
                image: image.trim(),
              });
            }}
          >
            {containers.length > 1 ? (
              <select value={container} onChange={(e) => setContainer(e.target.value)} aria-label="Container">
                {containers.map((c) => (
                  <option key={c.name} value={c.name}>
                    {c.name}
                  </option>
                ))}
              </select>
            ) : (
              <span className="muted small">{container || 'no container'}</span>
            )}
            <input
              type="text"
              value={image}
              onChange={(e) => setImage(e.target.value)}
              aria-label="Image"
              className="text-input"
              spellCheck={false}
            />
            <button type="submit" disabled={off || image.trim() === ''}>
              Set image
            </button>
          </form>
          <form
            className="action-row"
            onSubmit={(e) => {
              e.preventDefault();
              const trimmed = revision.trim();
              const to = trimmed === '' ? undefined : Number(trimmed);
              if (to !== undefined && (!Number.isInteger(to) || to < 1)) {
                setInputError('revision must be a whole number from 1');
                return;
              }
              act(`rolling back ${name}${to ? ` to revision ${to}` : ''}`, {
                type: 'rollback',
                namespace,
                name,
                ...(to ? { toRevision: to } : {}),
              });
            }}
          >
            <label>
              Revision{' '}
              <input
                type="number"
                min={1}
                value={revision}
                placeholder="previous"
                onChange={(e) => setRevision(e.target.value)}
                aria-label="Revision"
                className="num-input wide"
              />
            </label>
            <button type="submit" disabled={off}>
              Roll back
            </button>
            <button
              type="button"
              disabled={off}
              onClick={() =>
                act(`${object.paused ? 'resuming' : 'pausing'} ${name}`, {
                  type: 'set-paused',
                  namespace,
                  name,
                  paused: !object.paused,
                })
              }
            >
              {object.paused ? 'Resume rollout' : 'Pause rollout'}
            </button>
          </form>
          {object.revision ? <p className="muted small">Current revision: {object.revision}.</p> : null}
        </>
      );
      break;
    }
    case 'service':
      body = (
        <form
          className="action-row"
          onSubmit={(e) => {
            e.preventDefault();
            const parsed = parseSelector(selector);
            if (!parsed.ok) {
              setInputError(parsed.error);
              return;
            }
            act(`switching ${name}'s selector`, {
              type: 'set-selector',
              namespace,
              name,
              selector: parsed.selector,
            });
          }}
        >
          <label>
            Selector{' '}
            <input
              type="text"
              value={selector}
              onChange={(e) => setSelector(e.target.value)}
              aria-label="Selector"
              className="text-input"
              spellCheck={false}
            />
          </label>
          <button type="submit" disabled={off}>
            Switch selector
          </button>
        </form>
      );
      break;
    case 'node':
      body = (
        <div className="action-row">
          <button
            type="button"
            disabled={off}
            onClick={() =>
              act(`${node.ready ? 'stopping' : 'starting'} node ${name}`, {
                type: 'node-power',
                name,
                up: !node.ready,
              })
            }
          >
            {node.ready ? 'Stop node' : 'Start node'}
          </button>
          <span className="muted small">
            {node.ready ? 'Its pods are evicted after the node is marked unreachable.' : 'The node is down.'}
          </span>
        </div>
      );
      break;
    default:
      body = (
        <p className="muted small">No actions for a {node.kind} here; select its Deployment or a pod.</p>
      );
  }

  return (
    <section className="inspector-section" aria-label="Actions" data-testid="inspector-actions">
      <h3>Actions</h3>
      {disabled ? (
        <p className="muted small">Replaying the past: go back to live to act on the cluster.</p>
      ) : null}
      {body}
      {inputError ? (
        <p className="action-result action-error" role="alert">
          {inputError}
        </p>
      ) : null}
      <ActionResult origin="inspector" />
    </section>
  );
}
