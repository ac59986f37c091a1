/**
 * Reads a multi-document YAML manifest into objects, with errors that name the source, the line and
 * the field, so a learner editing a manifest sees exactly what to fix.
 */
import { LineCounter, parseAllDocuments } from 'yaml';
import type { KubernetesObject } from '@kubernetes/client-node';

export class ManifestError extends Error {
  constructor(
    readonly source: string,
    readonly line: number | undefined,
    message: string,
  ) {
    super(`${source}${line ? `:${line}` : ''}: ${message}`);
    this.name = 'ManifestError';
  }
}

export function parseManifests(text: string, source = 'manifest'): KubernetesObject[] {
  const lines = new LineCounter();
  const documents = parseAllDocuments(text, { lineCounter: lines });
  if (!Array.isArray(documents)) throw new ManifestError(source, undefined, 'not a YAML stream');
  const objects: KubernetesObject[] = [];
  for (const document of documents) {
    const firstError = document.errors[0];
    if (firstError) {
      const line = firstError.linePos?.[0]?.line;
      throw new ManifestError(source, line, firstError.message.split('\n')[0] ?? 'invalid YAML');
    }
    const value: unknown = document.toJS();
    if (value === null || value === undefined) continue; // an empty document between '---' lines
    const start = document.contents?.range?.[0];
    const line = start === undefined ? undefined : lines.linePos(start).line;
    if (typeof value !== 'object' || Array.isArray(value)) {
      throw new ManifestError(
        source,
        line,
        'a manifest document must be a mapping with apiVersion, kind and metadata',
      );
    }
    const object = value as Record<string, unknown>;
    for (const field of ['apiVersion', 'kind'] as const) {
      if (typeof object[field] !== 'string' || object[field] === '') {
        throw new ManifestError(source, line, `field ${field} is required`);
      }
    }
    const metadata = object.metadata as Record<string, unknown> | undefined;
    if (!metadata || typeof metadata.name !== 'string' || metadata.name === '') {
      throw new ManifestError(source, line, 'field metadata.name is required');
    }
    objects.push(object as KubernetesObject);
  }
  return objects;
}
