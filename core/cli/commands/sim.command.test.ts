import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main, type CliIo } from '../cli';
import { startSimServer, type SimServer } from '../../sim/serve/sim-server';
import { parseDuration } from '../../backends/sim/lab-api.client';

let server: SimServer;

beforeAll(async () => {
  server = await startSimServer({
    kubeconfigPath: join(mkdtempSync(join(tmpdir(), 'deploy-lab-simcli-')), 'kubeconfig'),
    seed: 3,
    speed: 0,
  });
});
afterAll(async () => {
  await server?.stop();
});

async function run(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = { out: (l) => out.push(l), err: (l) => err.push(l) };
  const code = await main(['node', 'deploy-lab', 'sim', ...args, '--kubeconfig', server.kubeconfigPath], io);
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('deploy-lab sim control commands (against a running embedded cluster)', () => {
  it('parses durations like a person writes them', () => {
    expect(parseDuration('90s')).toBe(90_000);
    expect(parseDuration('5m')).toBe(300_000);
    expect(parseDuration('1h30m')).toBe(5_400_000);
    expect(parseDuration('250ms')).toBe(250);
    expect(parseDuration('2')).toBe(2000);
    expect(() => parseDuration('5x')).toThrow('"5x" is not a duration');
  });

  it('pauses, advances and resumes the virtual clock', async () => {
    const paused = await run('clock', 'pause', '--json');
    expect(paused.code).toBe(0);
    const before = Date.parse((JSON.parse(paused.out) as { now: string }).now);
    const advanced = await run('clock', 'advance', '5m', '--json');
    const after = JSON.parse(advanced.out) as { now: string; paused: boolean };
    expect(Date.parse(after.now) - before).toBe(300_000);
    expect(after.paused).toBe(true);
    expect((await run('clock', 'speed', '10')).out).toMatch(/speed 10x/);
    expect((await run('clock', 'pause')).out).toMatch(/paused$/);
  });

  it('stops a node: NotReady after the 40 s grace period, as the node controller does', async () => {
    expect((await run('fault', 'node-down', 'deploy-lab-worker')).code).toBe(0);
    await run('clock', 'advance', '60s');
    const node = server.cluster.store.get('nodes', undefined, 'deploy-lab-worker') as {
      status?: { conditions?: { type: string; status: string }[] };
    };
    expect(node.status?.conditions?.find((c) => c.type === 'Ready')?.status).toBe('Unknown');
    await run('fault', 'node-up', 'deploy-lab-worker');
  });

  it('reports a missing pod as the API does, with exit code 1', async () => {
    const result = await run('fault', 'kill-pod', 'no-such-pod');
    expect(result.code).toBe(1);
    expect(result.err).toContain('pods "no-such-pod" not found');
  });

  it('runs traffic into a Service and reports the ledger totals', async () => {
    server.cluster.store.create('services', {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'empty', namespace: 'default' },
      spec: { selector: { app: 'nothing' }, ports: [{ port: 80 }] },
    } as never);
    expect((await run('traffic', 'start', 'empty', '--rate', '10')).out).toContain('10/s into default/empty');
    await run('clock', 'advance', '3s');
    await run('traffic', 'stop');
    const stats = JSON.parse((await run('traffic', 'stats', '--json')).out) as {
      totals: Record<string, number>;
    };
    // No pod behind the Service: every request finds no endpoints.
    expect(stats.totals.total).toBeGreaterThanOrEqual(29);
    expect(stats.totals['no-endpoints']).toBe(stats.totals.total);
  });

  it('says clearly when no cluster is running', async () => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await main(
      ['node', 'deploy-lab', 'sim', 'clock', 'status', '--kubeconfig', '/nonexistent/kubeconfig'],
      {
        out: (l) => out.push(l),
        err: (l) => err.push(l),
      },
    );
    expect(code).toBe(1);
    expect(err.join('\n')).toContain('cannot read kubeconfig /nonexistent/kubeconfig');
  });
});
