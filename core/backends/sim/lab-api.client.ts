/**
 * Talks to a running embedded cluster's lab-owned API (`/lab/v1/...`) with the credentials of its
 * kubeconfig, applied by client-node exactly as for every other request the lab makes.
 */
import { request as httpsRequest, type RequestOptions } from 'node:https';
import { request as httpRequest } from 'node:http';
import { KubeConfig } from '@kubernetes/client-node';

export class SimControlError extends Error {
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'SimControlError';
  }
}

export async function simControl(
  kubeconfigPath: string,
  method: 'GET' | 'POST',
  path: string,
  body?: unknown,
): Promise<unknown> {
  const kubeconfig = new KubeConfig();
  try {
    kubeconfig.loadFromFile(kubeconfigPath);
  } catch (err) {
    throw new SimControlError(`cannot read kubeconfig ${kubeconfigPath}: ${(err as Error).message}`);
  }
  const cluster = kubeconfig.getCurrentCluster();
  if (!cluster) throw new SimControlError(`${kubeconfigPath}: the current context names no cluster`);
  const url = new URL(`/lab/v1/${path}`, cluster.server);
  const options: RequestOptions = { method, headers: { accept: 'application/json' } };
  await kubeconfig.applyToHTTPSOptions(options);
  const payload = body === undefined ? undefined : JSON.stringify(body);
  if (payload !== undefined) options.headers = { ...options.headers, 'content-type': 'application/json' };
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = send(url, { ...options, timeout: 15_000 }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let parsed: unknown = text;
        try {
          parsed = JSON.parse(text);
        } catch {
          // not JSON: keep the text for the error message
        }
        if ((res.statusCode ?? 500) >= 400) {
          const message = (parsed as { message?: string })?.message ?? text;
          reject(
            new SimControlError(`${method} ${url.pathname}: ${res.statusCode} ${message}`, res.statusCode),
          );
          return;
        }
        resolve(parsed);
      });
    });
    req.on('timeout', () => req.destroy(new Error('the embedded cluster did not answer within 15 s')));
    req.on('error', (err: NodeJS.ErrnoException) => {
      reject(
        new SimControlError(
          err.code === 'ECONNREFUSED'
            ? `no embedded cluster is running at ${cluster.server} (start one with \`deploy-lab sim serve\`)`
            : err.message,
        ),
      );
    });
    if (payload !== undefined) req.write(payload);
    req.end();
  });
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
