// Kubeconfig for the embedded cluster. Over https the server's self-signed CA goes into
// certificate-authority-data (kubectl refuses a CA together with insecure-skip-tls-verify). Over plain http
// `insecure-skip-tls-verify: true` is required: client-node 1.x refuses `http://` servers otherwise
// (notes §7 pitfall 17); kubectl accepts it, but then sends no token (it only attaches credentials to TLS
// connections), which is why the simulator serves https by default.
// Written atomically (temp file in the same directory + rename) with mode 0600 because it holds a token,
// so a kubectl running concurrently never reads a half-written file.
import { stringify } from 'yaml';
import { writeFileAtomic } from '../../lab/atomic-file.js';

export const SIM_CONTEXT = 'deploy-lab-sim';

export interface KubeconfigOptions {
  readonly server: string; // https://127.0.0.1:PORT (or http:// in insecure mode)
  readonly token: string;
  /** PEM of the CA that signed the serving certificate; required for https servers. */
  readonly caPem?: string;
  readonly namespace?: string;
  readonly contextName?: string;
}

export function renderKubeconfig(options: KubeconfigOptions): string {
  const name = options.contextName ?? SIM_CONTEXT;
  const context: Record<string, string> = { cluster: name, user: name };
  if (options.namespace) context.namespace = options.namespace;
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [
      {
        name,
        cluster: options.caPem
          ? { server: options.server, 'certificate-authority-data': Buffer.from(options.caPem).toString('base64') }
          : { server: options.server, 'insecure-skip-tls-verify': true },
      },
    ],
    contexts: [{ name, context }],
    'current-context': name,
    preferences: {},
    users: [{ name, user: { token: options.token } }],
  });
}

/** Writes the kubeconfig atomically (the lab's one atomic writer) with mode 0600 and returns its path. */
export async function writeKubeconfig(path: string, options: KubeconfigOptions): Promise<string> {
  await writeFileAtomic(path, renderKubeconfig(options), 0o600);
  return path;
}
