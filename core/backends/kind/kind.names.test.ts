import { describe, expect, it } from 'vitest';
import { assertDns1123Label, assertImageRef, assertLabClusterName, isLabClusterName } from './kind.names';

describe('kind name validation', () => {
  it('accepts DNS-1123 labels up to 63 characters', () => {
    expect(() => assertDns1123Label('deploy-lab-basics', 'cluster name')).not.toThrow();
    expect(() => assertDns1123Label('a'.repeat(63), 'cluster name')).not.toThrow();
  });

  it.each([
    ['-x'],
    ['--help'],
    ['--kubeconfig=/etc/passwd'],
    ['Deploy'],
    ['a_b'],
    ['a.b'],
    ['x-'],
    [''],
    ['a'.repeat(64)],
    ['a b'],
  ])('refuses %j', (name) => {
    expect(() => assertDns1123Label(name, 'cluster name')).toThrow(/cluster name/);
  });

  it('says why a leading dash is refused', () => {
    expect(() => assertDns1123Label('--retain', 'cluster name')).toThrow(/would be read as a flag/);
  });

  it('only lets the lab create and delete its own clusters', () => {
    expect(isLabClusterName('deploy-lab')).toBe(true);
    expect(isLabClusterName('deploy-lab-ha')).toBe(true);
    expect(isLabClusterName('deploy-labx')).toBe(false);
    expect(isLabClusterName('kind')).toBe(false);
    expect(() => assertLabClusterName('kind')).toThrow(/must start with "deploy-lab-"/);
  });

  it('checks image references', () => {
    expect(() => assertImageRef('deploy-lab/pyweb-offline:1.0')).not.toThrow();
    expect(() => assertImageRef('kindest/node:v1.32.2@sha256:abc')).not.toThrow();
    expect(() => assertImageRef('--all')).toThrow(/not a valid image/);
    expect(() => assertImageRef('a b')).toThrow(/not a valid image/);
  });
});
