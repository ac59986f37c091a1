// Query parameters the apiserver understands, parsed once per request.
import { badRequest, StatusError } from '../status.js';

export interface QueryOptions {
  labelSelector?: string;
  fieldSelector?: string;
  limit?: number;
  continueToken?: string;
  resourceVersion?: string;
  resourceVersionMatch?: string;
  watch: boolean;
  allowWatchBookmarks: boolean;
  timeoutSeconds?: number;
  dryRun: boolean;
  fieldManager?: string;
  fieldValidation: 'Ignore' | 'Warn' | 'Strict';
  includeObject?: string;
  force: boolean;
  propagationPolicy?: string;
  gracePeriodSeconds?: number;
  // pods/log
  container?: string;
  follow: boolean;
  previous: boolean;
  timestamps: boolean;
  tailLines?: number;
  sinceSeconds?: number;
  sinceTime?: string;
  limitBytes?: number;
}

function int(params: URLSearchParams, name: string, min = 0): number | undefined {
  const raw = params.get(name);
  if (raw === null || raw === '') return undefined;
  if (!/^-?\d+$/.test(raw)) throw new StatusError(badRequest(`invalid value for ${name}: "${raw}" is not an integer`));
  const n = Number(raw);
  if (n < min) throw new StatusError(badRequest(`invalid value for ${name}: must be greater than or equal to ${min}`));
  return n;
}

function bool(params: URLSearchParams, name: string): boolean {
  const raw = params.get(name);
  return raw === 'true' || raw === '1';
}

function opt(params: URLSearchParams, name: string): string | undefined {
  const v = params.get(name);
  return v === null || v === '' ? undefined : v;
}

export function parseQuery(params: URLSearchParams): QueryOptions {
  const dryRun = params.getAll('dryRun');
  for (const d of dryRun) if (d !== 'All' && d !== '') throw new StatusError(badRequest(`Invalid dryRun value: ${d}; only All is accepted`));
  const fv = params.get('fieldValidation');
  let fieldValidation: QueryOptions['fieldValidation'] = 'Warn';
  if (fv === 'Strict' || fv === 'Ignore' || fv === 'Warn') fieldValidation = fv;
  else if (fv) throw new StatusError(badRequest(`fieldValidation must be one of: Ignore, Warn, Strict (got "${fv}")`));
  const out: QueryOptions = {
    watch: bool(params, 'watch'),
    allowWatchBookmarks: bool(params, 'allowWatchBookmarks'),
    dryRun: dryRun.includes('All'),
    fieldValidation,
    force: bool(params, 'force'),
    follow: bool(params, 'follow'),
    previous: bool(params, 'previous'),
    timestamps: bool(params, 'timestamps'),
  };
  const strings: [keyof QueryOptions, string][] = [
    ['labelSelector', 'labelSelector'],
    ['fieldSelector', 'fieldSelector'],
    ['continueToken', 'continue'],
    ['resourceVersion', 'resourceVersion'],
    ['resourceVersionMatch', 'resourceVersionMatch'],
    ['fieldManager', 'fieldManager'],
    ['includeObject', 'includeObject'],
    ['propagationPolicy', 'propagationPolicy'],
    ['container', 'container'],
    ['sinceTime', 'sinceTime'],
  ];
  for (const [key, name] of strings) {
    const v = opt(params, name);
    if (v !== undefined) (out as unknown as Record<string, unknown>)[key] = v;
  }
  const ints: [keyof QueryOptions, string, number][] = [
    ['limit', 'limit', 0],
    ['timeoutSeconds', 'timeoutSeconds', 0],
    ['gracePeriodSeconds', 'gracePeriodSeconds', 0],
    ['tailLines', 'tailLines', 0],
    ['sinceSeconds', 'sinceSeconds', 1],
    ['limitBytes', 'limitBytes', 1],
  ];
  for (const [key, name, min] of ints) {
    const v = int(params, name, min);
    if (v !== undefined) (out as unknown as Record<string, unknown>)[key] = v;
  }
  if (out.watch || bool(params, 'watch')) out.watch = true;
  return out;
}

/** The store's list/watch options for a request: namespace from the path, selectors from the query. */
export function storeListOptions(namespace: string | undefined, query: QueryOptions): { namespace?: string; labelSelector?: string; fieldSelector?: string } {
  const opts: { namespace?: string; labelSelector?: string; fieldSelector?: string } = {};
  if (namespace !== undefined) opts.namespace = namespace;
  if (query.labelSelector !== undefined) opts.labelSelector = query.labelSelector;
  if (query.fieldSelector !== undefined) opts.fieldSelector = query.fieldSelector;
  return opts;
}
