import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { embeddedClusterExample } from './embedded-cluster.example';

describe('the README example of the embedded cluster in code', () => {
  it('rolls out 2.0 with readiness probes and loses no request', () => {
    const result = embeddedClusterExample();
    expect(result.updatedReplicas).toBe(3);
    expect(result.availableReplicas).toBe(3);
    expect(result.totals.total).toBeGreaterThan(1000);
    expect(result.totals.ok).toBe(result.totals.total);
  });

  it('is the code the README shows, verbatim', () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const example = readFileSync(new URL('./embedded-cluster.example.ts', import.meta.url), 'utf8');
    const body = example.slice(example.indexOf('export function'));
    expect(readme).toContain(body.trim());
  });
});
