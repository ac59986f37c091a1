import { describe, expect, it } from 'vitest';
import {
  kindErrorSummary,
  parseClusterList,
  parseKindProgressLine,
  parseKindVersion,
} from './kind-output.parser';

describe('kind output parsing', () => {
  it('reads `kind version` across releases', () => {
    expect(parseKindVersion('kind v0.27.0 go1.23.6 linux/amd64\n')).toEqual({
      version: 'v0.27.0',
      major: 0,
      minor: 27,
      patch: 0,
      go: 'go1.23.6',
      platform: 'linux/amd64',
    });
    expect(parseKindVersion('kind v0.11.1 go1.16.4 darwin/arm64')).toMatchObject({
      version: 'v0.11.1',
      minor: 11,
      platform: 'darwin/arm64',
    });
    expect(parseKindVersion('kind v0.30.0-alpha+4d2f3a go1.24.1 linux/amd64')).toMatchObject({
      version: 'v0.30.0-alpha+4d2f3a',
      minor: 30,
    });
    expect(parseKindVersion('command not found')).toBeUndefined();
  });

  it('reads `kind get clusters`, including the empty answer', () => {
    expect(parseClusterList('deploy-lab-basics\nkind\n')).toEqual(['deploy-lab-basics', 'kind']);
    expect(parseClusterList('')).toEqual([]);
    expect(parseClusterList('No kind clusters found.\n')).toEqual([]);
  });

  it('turns create progress lines into stage events, dropping emoji', () => {
    expect(parseKindProgressLine(' • Ensuring node image (kindest/node:v1.32.2) 🖼  ...')).toEqual({
      type: 'stage',
      stage: 'ensure-node-image',
      status: 'started',
      label: 'Ensuring node image (kindest/node:v1.32.2)',
    });
    expect(parseKindProgressLine(' ✓ Ensuring node image (kindest/node:v1.32.2) 🖼')).toMatchObject({
      stage: 'ensure-node-image',
      status: 'done',
    });
    expect(parseKindProgressLine(' ✓ Preparing nodes 📦 📦 📦')).toEqual({
      type: 'stage',
      stage: 'prepare-nodes',
      status: 'done',
      label: 'Preparing nodes',
    });
    expect(parseKindProgressLine(' ✓ Starting control-plane 🕹️')).toMatchObject({
      stage: 'start-control-plane',
      label: 'Starting control-plane',
    });
    expect(parseKindProgressLine(' ✗ Starting control-plane 🕹️')).toMatchObject({
      stage: 'start-control-plane',
      status: 'failed',
    });
    expect(parseKindProgressLine(' ✓ Joining worker nodes 🚜')).toMatchObject({ stage: 'join-workers' });
    expect(parseKindProgressLine(' ✓ Waiting ≤ 2m0s for control-plane = Ready ⏳')).toMatchObject({
      stage: 'wait-ready',
      label: 'Waiting ≤ 2m0s for control-plane = Ready',
    });
    expect(parseKindProgressLine(' • Ready after 14s 💚')).toMatchObject({ stage: 'ready', status: 'done' });
  });

  it('keeps the last frame of a TTY spinner line', () => {
    expect(parseKindProgressLine(' ⠈⠁ Preparing nodes 📦 \r ✓ Preparing nodes 📦 ')).toMatchObject({
      stage: 'prepare-nodes',
      status: 'done',
    });
  });

  it('reports ERROR lines and other output', () => {
    expect(
      parseKindProgressLine(
        'ERROR: failed to create cluster: node(s) already exist for a cluster with the name "x"',
      ),
    ).toEqual({
      type: 'error',
      message: 'failed to create cluster: node(s) already exist for a cluster with the name "x"',
    });
    expect(parseKindProgressLine('Creating cluster "x" ...')).toEqual({
      type: 'log',
      line: 'Creating cluster "x" ...',
    });
    expect(parseKindProgressLine('   ')).toBeUndefined();
  });

  it('summarises a failure by its ERROR line', () => {
    expect(
      kindErrorSummary(
        'Creating cluster "x" ...\n ✗ Starting control-plane 🕹️\nERROR: failed to init node\nStack trace...\n',
      ),
    ).toBe('failed to init node');
    expect(kindErrorSummary('something odd\nlast words\n')).toBe('last words');
  });
});
