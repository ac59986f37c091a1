import { describe, expect, it } from 'vitest';
import { parseManifests, ManifestError } from './manifest-parse';

describe('parseManifests', () => {
  it('reads every document of a multi-document manifest and skips empty ones', () => {
    const objects = parseManifests(
      [
        'apiVersion: apps/v1',
        'kind: Deployment',
        'metadata: {name: web}',
        '---',
        '---',
        'apiVersion: v1',
        'kind: Service',
        'metadata:',
        '  name: web',
      ].join('\n'),
    );
    expect(objects.map((o) => `${o.kind}/${o.metadata?.name}`)).toEqual(['Deployment/web', 'Service/web']);
  });

  it('names the source and line of a YAML syntax error', () => {
    const text = [
      'apiVersion: v1',
      'kind: ConfigMap',
      'metadata:',
      '  name: cfg',
      'data:',
      '  key: [unclosed',
    ].join('\n');
    expect(() => parseManifests(text, 'app.yaml')).toThrow(ManifestError);
    expect(() => parseManifests(text, 'app.yaml')).toThrow(/^app\.yaml:\d+: /);
  });

  it('names the missing field and the line of the document it is in', () => {
    const text = [
      'apiVersion: v1',
      'kind: ConfigMap',
      'metadata: {name: a}',
      '---',
      'apiVersion: v1',
      'metadata: {name: b}',
    ].join('\n');
    expect(() => parseManifests(text, 'two.yaml')).toThrow('two.yaml:5: field kind is required');
    expect(() => parseManifests('apiVersion: v1\nkind: Pod\nmetadata: {}\n', 'pod.yaml')).toThrow(
      'pod.yaml:1: field metadata.name is required',
    );
    expect(() => parseManifests('- a\n- b\n', 'list.yaml')).toThrow(
      'list.yaml:1: a manifest document must be a mapping',
    );
  });
});
