import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import http from 'node:http';
import https from 'node:https';
import { parse } from 'yaml';
import { startSimServer } from './sim-server.js';

function get(url: string, opts: https.RequestOptions = {}): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const onResponse = (res: http.IncomingMessage) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    };
    (url.startsWith('https:') ? https.get(url, opts, onResponse) : http.get(url, opts, onResponse)).on('error', reject);
  });
}

describe('startSimServer', () => {
  it('serves https on 127.0.0.1 with a token, writes a 0600 kubeconfig, and stops cleanly', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sim-server-'));
    const server = await startSimServer({ kubeconfigPath: join(dir, 'kubeconfig'), nodes: 1, seed: 1, kubeVersion: 31 });
    try {
      expect(server.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
      expect(statSync(server.kubeconfigPath).mode & 0o777).toBe(0o600);
      const cfg = parse(readFileSync(server.kubeconfigPath, 'utf8')) as {
        'current-context': string;
        clusters: { cluster: Record<string, string> }[];
        users: { user: { token: string } }[];
      };
      expect(cfg['current-context']).toBe('deploy-lab-sim');
      expect(cfg.users[0]?.user.token).toBe(server.token);
      const ca = Buffer.from(cfg.clusters[0]?.cluster['certificate-authority-data'] ?? '', 'base64').toString();
      expect(JSON.parse((await get(`${server.url}/version`, { ca })).body)).toMatchObject({ minor: '31' });
      expect((await get(`${server.url}/api/v1/nodes`, { ca })).status).toBe(401);
      const nodes = await get(`${server.url}/api/v1/nodes`, { ca, headers: { authorization: `Bearer ${server.token}` } });
      expect(JSON.parse(nodes.body)).toMatchObject({ kind: 'NodeList', items: [{ metadata: { name: 'deploy-lab-control-plane' } }] });
    } finally {
      await server.stop();
    }
    await expect(get(`${server.url}/version`, { rejectUnauthorized: false })).rejects.toThrow();
  });

  it('serves plain http without token checks when tls is off', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sim-server-'));
    const server = await startSimServer({ kubeconfigPath: join(dir, 'kubeconfig'), nodes: 1, tls: false, speed: 0 });
    try {
      expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect((await get(`${server.url}/api/v1/namespaces`)).status).toBe(200);
      expect(readFileSync(server.kubeconfigPath, 'utf8')).toContain('insecure-skip-tls-verify: true');
      expect(server.driver.getSpeed()).toBe(0);
    } finally {
      await server.stop();
    }
  });
});
