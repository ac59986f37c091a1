/**
 * Calls the embedded cluster's lab-owned API (`/lab/v1/...`: clock, faults, synthetic traffic) with the
 * credentials of its kubeconfig, applied by client-node as for every other request the lab makes. Real
 * clusters have no such API; the ports that use this exist only for the `sim` backend.
 */
import { request as httpsRequest, type RequestOptions } from 'node:https';
import { request as httpRequest } from 'node:http';
import { KubeConfig } from '@kubernetes/client-node';

export type LabApiCall = (method: 'GET' | 'POST', path: string, body?: unknown) => Promise<unknown>;

export function createLabApiClient(kubeconfigPath: string): LabApiCall {
  const kubeconfig = new KubeConfig();
  kubeconfig.loadFromFile(kubeconfigPath);
  const cluster = kubeconfig.getCurrentCluster();
  if (!cluster) throw new Error(`${kubeconfigPath}: the current context names no cluster`);
  const server = cluster.server;
  return async (method, path, body) => {
    const url = new URL(`/lab/v1/${path}`, server);
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
            // not JSON: the text goes into the error message
          }
          if ((res.statusCode ?? 500) >= 400) {
            const message = (parsed as { message?: string } | undefined)?.message ?? text;
            reject(new Error(`${method} ${url.pathname}: ${res.statusCode} ${message}`));
            return;
          }
          resolve(parsed);
        });
      });
      req.on('timeout', () =>
        req.destroy(new Error(`the embedded cluster at ${server} did not answer within 15 s`)),
      );
      req.on('error', reject);
      if (payload !== undefined) req.write(payload);
      req.end();
    });
  };
}
