import { describe, expect, it } from 'vitest';
import { ApiError } from './api-error.js';
import { fromLabelSelector, matchesFields, matchesLabels, parseFieldSelector, parseLabelSelector, selectorToString } from './selectors.js';
import type { KubeObject } from './kube-types.js';

describe('label selectors', () => {
  const l = { app: 'web', tier: 'fe', 'example.com/team': 'a' };
  it.each([
    ['app=web', true],
    ['app==web', true],
    ['app!=web', false],
    ['app in (web, db)', true],
    ['app notin (web)', false],
    ['tier', true],
    ['!tier', false],
    ['!missing', true],
    ['missing!=x', true],
    ['app=web,tier=be', false],
    ['example.com/team=a', true],
    ['', true],
  ])('%s -> %s', (s, want) => {
    expect(matchesLabels(parseLabelSelector(s), l)).toBe(want);
  });

  it('rejects bad selectors with 400', () => {
    for (const bad of ['app in (web', 'app=we b', '=x', 'a,,b']) {
      let err: unknown;
      try {
        parseLabelSelector(bad);
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(ApiError);
      expect((err as ApiError).code).toBe(400);
    }
  });

  it('converts LabelSelector objects (matchLabels + matchExpressions); a nil selector matches nothing', () => {
    const sel = fromLabelSelector({ matchLabels: { app: 'web' }, matchExpressions: [{ key: 'tier', operator: 'In', values: ['fe', 'be'] }, { key: 'canary', operator: 'DoesNotExist' }] });
    expect(matchesLabels(sel, { app: 'web', tier: 'fe' })).toBe(true);
    expect(matchesLabels(sel, { app: 'web', tier: 'fe', canary: '1' })).toBe(false);
    expect(selectorToString(sel)).toBe('app=web,tier in (fe,be),!canary');
    expect(matchesLabels(fromLabelSelector(undefined), {})).toBe(false);
    expect(matchesLabels(fromLabelSelector({}), { any: 'thing' })).toBe(true);
  });
});

describe('field selectors', () => {
  const ev = {
    apiVersion: 'v1',
    kind: 'Event',
    metadata: { name: 'e', namespace: 'default' },
    involvedObject: { kind: 'Pod', name: 'web-1', namespace: 'default', uid: 'u1' },
  } as unknown as KubeObject;
  it('matches involvedObject fields, = / == / != joined by commas', () => {
    expect(matchesFields(parseFieldSelector('involvedObject.name=web-1,involvedObject.uid==u1', 'events'), ev)).toBe(true);
    expect(matchesFields(parseFieldSelector('involvedObject.kind!=Pod', 'events'), ev)).toBe(false);
    expect(matchesFields(parseFieldSelector('metadata.namespace=default', 'events'), ev)).toBe(true);
  });
  it('rejects unsupported fields', () => {
    expect(() => parseFieldSelector('spec.replicas=1', 'deployments')).toThrow('field label not supported: spec.replicas');
  });
});
