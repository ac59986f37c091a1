import { describe, expect, it } from 'vitest';
import { formatSelector, parseSelector, readInspectedObject } from './inspected-object';

const deployment = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  annotations:
    deployment.kubernetes.io/revision: "2"
spec:
  replicas: 5
  paused: true
  strategy:
    type: RollingUpdate
    rollingUpdate:
      maxSurge: 1
      maxUnavailable: 25%
  template:
    spec:
      containers:
        - name: web
          image: deploy-lab/pyweb:1.0
`;

describe('readInspectedObject', () => {
  it('reads a Deployment', () => {
    expect(readInspectedObject(deployment)).toEqual({
      containers: [{ name: 'web', image: 'deploy-lab/pyweb:1.0' }],
      paused: true,
      replicas: 5,
      maxSurge: 1,
      maxUnavailable: '25%',
      strategyType: 'RollingUpdate',
      revision: '2',
    });
  });
  it('reads a Service selector', () => {
    const svc = readInspectedObject('kind: Service\nspec:\n  selector:\n    app: web\n');
    expect(svc.selector).toEqual({ app: 'web' });
  });
  it('survives text that is not YAML', () => {
    expect(readInspectedObject('{{{').containers).toEqual([]);
  });
});

describe('selectors', () => {
  it('round-trips', () => {
    const parsed = parseSelector(' app = web , tier=front ');
    expect(parsed).toEqual({ ok: true, selector: { app: 'web', tier: 'front' } });
    if (parsed.ok) expect(formatSelector(parsed.selector)).toBe('app=web,tier=front');
  });
  it('rejects malformed input', () => {
    expect(parseSelector('').ok).toBe(false);
    expect(parseSelector('app').ok).toBe(false);
  });
});
