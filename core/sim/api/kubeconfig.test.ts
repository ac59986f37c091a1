import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { KubeConfig } from '@kubernetes/client-node';
import { renderKubeconfig, writeKubeconfig } from './kubeconfig.js';

describe('kubeconfig', () => {
  it('writes atomically with mode 0600 and client-node accepts it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kcfg-'));
    const path = join(dir, 'sub', 'config');
    await writeKubeconfig(path, { server: 'http://127.0.0.1:1234', token: 'secret' });
    await writeKubeconfig(path, { server: 'http://127.0.0.1:1235', token: 'secret2' });
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(readdirSync(join(dir, 'sub'))).toEqual(['config']);
    const doc = parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
    expect(doc['current-context']).toBe('deploy-lab-sim');
    const kc = new KubeConfig();
    kc.loadFromFile(path);
    expect(kc.getCurrentCluster()).toMatchObject({ server: 'http://127.0.0.1:1235', skipTLSVerify: true });
    expect(kc.getCurrentUser()?.token).toBe('secret2');
  });
  it('can pin a namespace', () => {
    expect(renderKubeconfig({ server: 'http://x', token: 't', namespace: 'lab' })).toContain('namespace: lab');
  });
});

describe('kubeconfig with a CA', () => {
  it('carries certificate-authority-data instead of insecure-skip-tls-verify', () => {
    const text = renderKubeconfig({ server: 'https://127.0.0.1:1', token: 't', caPem: '-----BEGIN CERTIFICATE-----\nx\n-----END CERTIFICATE-----\n' });
    const doc = parse(text) as { clusters: { cluster: Record<string, unknown> }[] };
    expect(doc.clusters[0]?.cluster['certificate-authority-data']).toBeTypeOf('string');
    expect(doc.clusters[0]?.cluster['insecure-skip-tls-verify']).toBeUndefined();
  });
});
