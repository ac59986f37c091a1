import { describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { allChannels, labMethods, labSchemas, parseChannel, type LabDomain } from './index';
import { createEngine } from '../lab/engine';

function engineForTest() {
  return createEngine({
    host: 'test',
    version: 'test',
    dataDir: mkdtempSync(join(tmpdir(), 'deploy-lab-contract-')),
    clock: { now: () => 0 },
    runDoctor: async () => ({ checkedAt: new Date(0).toISOString(), checks: [] }),
    scenarios: [],
  });
}

describe('the contract', () => {
  it('gives every API method a schema, a channel and an engine implementation', () => {
    const engine = engineForTest();
    const methodCount = Object.values(labMethods).reduce((sum, methods) => sum + methods.length, 0);
    expect(allChannels()).toHaveLength(methodCount);
    for (const domain of Object.keys(labMethods) as LabDomain[]) {
      const schemas = labSchemas[domain] as Record<string, unknown>;
      const impls = engine.api[domain] as unknown as Record<string, unknown>;
      // No schema or implementation without a method, and none missing.
      expect(Object.keys(schemas).sort()).toEqual([...labMethods[domain]].sort());
      expect(Object.keys(impls).sort()).toEqual([...labMethods[domain]].sort());
      for (const method of labMethods[domain]) {
        expect(typeof impls[method]).toBe('function');
        expect(parseChannel(`lab:${domain}.${method}`)).toEqual({ domain, method });
      }
    }
    expect(Object.keys(labSchemas).sort()).toEqual(Object.keys(labMethods).sort());
  });

  it('derives unique channel names and recognises only those', () => {
    const channels = allChannels();
    expect(new Set(channels).size).toBe(channels.length);
    expect(channels).toContain('lab:clusters.connect');
    expect(parseChannel('lab:clusters.explode')).toBeUndefined();
    expect(parseChannel('lab:nope.list')).toBeUndefined();
    expect(parseChannel('clusters.connect')).toBeUndefined();
  });
});
