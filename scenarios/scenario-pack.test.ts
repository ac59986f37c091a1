import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseManifests } from '../core/kube/manifest-parse';
import { scenarioDefinitions } from './index';
import { scenarioRegistry } from './registry';

const root = join(import.meta.dirname, '.');

describe('the scenario pack', () => {
  it('the registry lists exactly the scenarios the engine can run, with the same metadata', () => {
    expect(scenarioRegistry.map((s) => s.id)).toEqual(scenarioDefinitions.map((d) => d.meta.id));
    for (const d of scenarioDefinitions) {
      const { version: _version, ...summary } = d.meta;
      expect(scenarioRegistry.find((s) => s.id === d.meta.id)).toEqual(summary);
    }
  });

  for (const d of scenarioDefinitions) {
    describe(d.meta.id, () => {
      it('has its folder, step texts with copyable commands, and manifests that parse', () => {
        expect(d.folder).toBe(d.meta.id);
        const manifests = new Set<string>();
        for (const step of d.steps) {
          const text = readFileSync(join(root, d.folder, step.text), 'utf8');
          expect(text, step.text).toMatch(/^# /);
          expect(text, `${step.text} has a fenced command block`).toMatch(/```(sh|yaml)\n/);
          for (const m of step.start.manifests) manifests.add(m);
          for (const a of step.solution) if (a.do === 'apply') manifests.add(a.manifest);
        }
        for (const m of d.drill?.start.manifests ?? []) manifests.add(m);
        for (const m of manifests) {
          const path = join(root, d.folder, 'manifests', m);
          expect(existsSync(path), path).toBe(true);
          for (const o of parseManifests(readFileSync(path, 'utf8'), m)) {
            // Reset finds a scenario's pods by this label.
            const template = (
              o as { spec?: { template?: { metadata?: { labels?: Record<string, string> } } } }
            ).spec?.template;
            if (o.kind === 'Deployment')
              expect(template?.metadata?.labels?.scenario, `${m} pod template label scenario`).toBe(
                d.meta.id,
              );
          }
        }
      });

      it('every step has checks with hints, a solution and an explanation; ids are unique', () => {
        const stepIds = d.steps.map((s) => s.id);
        expect(new Set(stepIds).size).toBe(stepIds.length);
        for (const step of d.steps) {
          expect(step.checks.length).toBeGreaterThan(0);
          expect(step.solution.length).toBeGreaterThan(0);
          expect(step.explanation.length).toBeGreaterThan(40);
          const checkIds = step.checks.map((c) => c.id);
          expect(new Set(checkIds).size).toBe(checkIds.length);
          for (const c of step.checks)
            if (c.id !== 'outage-measured')
              expect(c.hints.length, `${step.id}/${c.id} hints`).toBeGreaterThan(0);
        }
      });
    });
  }
});
