/**
 * Talks to a running embedded cluster's lab-owned API (`/lab/v1/...`) with the credentials of its
 * kubeconfig, applied by client-node exactly as for every other request the lab makes.
 */
import { createLabApiClient } from '../../traffic/lab-api.client';

export class SimControlError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SimControlError';
  }
}

/**
 * One call to a running embedded cluster's lab API (the CLI's `deploy-lab sim ...`), with the
 * kubeconfig's credentials; errors say plainly what is wrong (no kubeconfig, no cluster running).
 */
export async function simControl(
  kubeconfigPath: string,
  method: 'GET' | 'POST',
  path: string,
  body?: unknown,
): Promise<unknown> {
  let call;
  try {
    call = createLabApiClient(kubeconfigPath);
  } catch (err) {
    throw new SimControlError(`cannot read kubeconfig ${kubeconfigPath}: ${(err as Error).message}`);
  }
  try {
    return await call(method, path, body);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new SimControlError(
      code === 'ECONNREFUSED'
        ? 'no embedded cluster is running at the address in ' +
            kubeconfigPath +
            ' (start one with `deploy-lab sim serve`)'
        : (err as Error).message,
    );
  }
}

/** `90s`, `5m`, `1h30m`, `250ms`, or a bare number of seconds. */
export function parseDuration(text: string): number {
  if (/^\d+(\.\d+)?$/.test(text)) return Number(text) * 1000;
  const units: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
  const pattern = /(\d+(?:\.\d+)?)(ms|s|m|h)/g;
  let total = 0;
  let consumed = 0;
  for (const match of text.matchAll(pattern)) {
    total += Number(match[1]) * (units[match[2] ?? 's'] ?? 0);
    consumed += match[0].length;
  }
  if (consumed !== text.length || consumed === 0) {
    throw new Error(`"${text}" is not a duration (examples: 90s, 5m, 1h30m, 250ms)`);
  }
  return total;
}
