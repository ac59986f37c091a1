import { useActions, type ActionOrigin } from '../state/actions.slice';

/** What the engine answered to the last action from this panel, or what is running now. */
export function ActionResult({ origin }: { origin: ActionOrigin }) {
  // Select the array itself (stable between updates) and filter here: a selector returning a new
  // array on every call makes zustand re-render forever.
  const all = useActions((s) => s.pending);
  const pending = all.filter((p) => p.origin === origin);
  const last = useActions((s) => s.last[origin]);
  if (pending.length > 0) {
    return (
      <p className="action-result action-pending" role="status" data-testid={`${origin}-result`}>
        Now: {pending.map((p) => p.label).join(', ')}…
      </p>
    );
  }
  if (!last) return null;
  return (
    <p
      className={`action-result ${last.ok ? 'action-ok' : 'action-error'}`}
      role={last.ok ? 'status' : 'alert'}
      data-testid={`${origin}-result`}
    >
      {last.ok ? '✓ ' : '✗ '}
      {last.message}
    </p>
  );
}
