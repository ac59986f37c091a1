import { badRequest } from './api-error.js';
import type { KubeObject, LabelSelector } from './kube-types.js';

/**
 * Label and field selectors with the grammar of k8s.io/apimachinery/pkg/labels/selector.go
 * and pkg/fields/selector.go.
 */
export type Requirement =
  | { key: string; op: 'in'; values: string[] }
  | { key: string; op: 'notin'; values: string[] }
  | { key: string; op: 'exists' }
  | { key: string; op: '!' };

export interface Selector {
  requirements: Requirement[];
  /** True when the selector selects nothing (a nil LabelSelector). */
  nothing?: boolean;
}

export const EVERYTHING: Selector = { requirements: [] };

const KEY_RE = /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;
const VALUE_RE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

function checkKey(key: string, whole: string): void {
  if (!KEY_RE.test(key)) throw badRequest(`unable to parse requirement: invalid label key "${key}": in selector "${whole}"`);
}

function checkValue(v: string, whole: string): void {
  if (v.length > 63 || !VALUE_RE.test(v))
    throw badRequest(`unable to parse requirement: invalid label value: "${v}": in selector "${whole}"`);
}

/** Splits on commas that are not inside parentheses. */
function splitTop(s: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let cur = '';
  for (const ch of s) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      out.push(cur);
      cur = '';
    } else cur += ch;
  }
  out.push(cur);
  return out;
}

const cache = new Map<string, Selector>();

export function parseLabelSelector(text: string | undefined): Selector {
  if (text === undefined) return EVERYTHING;
  const cached = cache.get(text);
  if (cached) return cached;
  const trimmed = text.trim();
  const reqs: Requirement[] = [];
  if (trimmed !== '') {
    for (const raw of splitTop(trimmed)) {
      const part = raw.trim();
      if (part === '') throw badRequest(`unable to parse requirement: found '', expected: identifier in selector "${text}"`);
      let m: RegExpMatchArray | null;
      if ((m = part.match(/^!\s*([^\s!=(),]+)$/))) {
        checkKey(m[1]!, text);
        reqs.push({ key: m[1]!, op: '!' });
      } else if ((m = part.match(/^([^\s!=(),]+)\s+(in|notin)\s*\((.*)\)$/))) {
        const key = m[1]!;
        checkKey(key, text);
        const values = m[3]!
          .split(',')
          .map((v) => v.trim())
          .filter((v, i, arr) => v !== '' || arr.length > 1);
        for (const v of values) checkValue(v, text);
        reqs.push(m[2] === 'in' ? { key, op: 'in', values } : { key, op: 'notin', values });
      } else if ((m = part.match(/^([^\s!=(),]+)\s*(==|=|!=)\s*([^\s!=(),]*)$/))) {
        const key = m[1]!;
        checkKey(key, text);
        checkValue(m[3]!, text);
        reqs.push(m[2] === '!=' ? { key, op: 'notin', values: [m[3]!] } : { key, op: 'in', values: [m[3]!] });
      } else if ((m = part.match(/^([^\s!=(),]+)$/))) {
        checkKey(m[1]!, text);
        reqs.push({ key: m[1]!, op: 'exists' });
      } else {
        throw badRequest(`unable to parse requirement: couldn't parse the selector string "${text}"`);
      }
    }
  }
  const sel = { requirements: reqs };
  if (cache.size > 1000) cache.clear();
  cache.set(text, sel);
  return sel;
}

/** metav1.LabelSelectorAsSelector: an empty selector selects everything, a missing one nothing. */
export function fromLabelSelector(ls: LabelSelector | undefined | null): Selector {
  if (!ls) return { requirements: [], nothing: true };
  const reqs: Requirement[] = [];
  for (const [k, v] of Object.entries(ls.matchLabels ?? {})) reqs.push({ key: k, op: 'in', values: [v] });
  for (const e of ls.matchExpressions ?? []) {
    switch (e.operator) {
      case 'In':
        reqs.push({ key: e.key, op: 'in', values: e.values ?? [] });
        break;
      case 'NotIn':
        reqs.push({ key: e.key, op: 'notin', values: e.values ?? [] });
        break;
      case 'Exists':
        reqs.push({ key: e.key, op: 'exists' });
        break;
      case 'DoesNotExist':
        reqs.push({ key: e.key, op: '!' });
        break;
      default:
        throw badRequest(`"${String((e as { operator: unknown }).operator)}" is not a valid label selector operator`);
    }
  }
  return { requirements: reqs };
}

export function fromMatchLabels(m: Record<string, string> | undefined): Selector {
  if (!m) return { requirements: [], nothing: true };
  return { requirements: Object.entries(m).map(([key, v]) => ({ key, op: 'in' as const, values: [v] })) };
}

export function matchesLabels(sel: Selector, labels: Record<string, string> | undefined): boolean {
  if (sel.nothing) return false;
  const l = labels ?? {};
  for (const r of sel.requirements) {
    const has = Object.prototype.hasOwnProperty.call(l, r.key);
    switch (r.op) {
      case 'exists':
        if (!has) return false;
        break;
      case '!':
        if (has) return false;
        break;
      case 'in':
        if (!has || !r.values.includes(l[r.key]!)) return false;
        break;
      case 'notin':
        if (has && r.values.includes(l[r.key]!)) return false;
        break;
    }
  }
  return true;
}

/** `key=value` pairs that every match must carry: usable to look candidates up in a label index. */
export function equalityPairs(sel: Selector): [string, string][] {
  const out: [string, string][] = [];
  for (const r of sel.requirements) if (r.op === 'in' && r.values.length === 1) out.push([r.key, r.values[0]!]);
  return out;
}

export function selectorToString(sel: Selector): string {
  return sel.requirements
    .map((r) => {
      switch (r.op) {
        case 'exists':
          return r.key;
        case '!':
          return `!${r.key}`;
        case 'in':
          return r.values.length === 1 ? `${r.key}=${r.values[0]}` : `${r.key} in (${r.values.join(',')})`;
        case 'notin':
          return r.values.length === 1 ? `${r.key}!=${r.values[0]}` : `${r.key} notin (${r.values.join(',')})`;
      }
    })
    .join(',');
}

// ---- field selectors ----

export interface FieldRequirement {
  field: string;
  op: '=' | '!=';
  value: string;
}

const FIELDS_BY_KIND: Record<string, string[]> = {
  pods: ['spec.nodeName', 'spec.restartPolicy', 'spec.schedulerName', 'spec.serviceAccountName', 'status.phase', 'status.podIP', 'status.nominatedNodeName'],
  events: [
    'involvedObject.kind',
    'involvedObject.namespace',
    'involvedObject.name',
    'involvedObject.uid',
    'involvedObject.apiVersion',
    'involvedObject.resourceVersion',
    'involvedObject.fieldPath',
    'reason',
    'reportingComponent',
    'source',
    'type',
  ],
  nodes: ['spec.unschedulable'],
  namespaces: ['status.phase'],
  replicasets: ['status.replicas'],
  secrets: ['type'],
};

export function parseFieldSelector(text: string | undefined, resource?: string): FieldRequirement[] {
  if (!text || text.trim() === '') return [];
  const out: FieldRequirement[] = [];
  for (const raw of text.split(',')) {
    const part = raw.trim();
    const m = part.match(/^([A-Za-z0-9_.\-/]+)\s*(==|=|!=)\s*(.*)$/);
    if (!m) throw badRequest(`invalid selector: '${text}'; can't understand '${part}'`);
    const field = m[1]!;
    const allowed = field === 'metadata.name' || field === 'metadata.namespace' || (resource ? (FIELDS_BY_KIND[resource] ?? []).includes(field) : true);
    if (!allowed) throw badRequest(`field label not supported: ${field}`);
    out.push({ field, op: m[2] === '!=' ? '!=' : '=', value: m[3]!.trim() });
  }
  return out;
}

function fieldValue(obj: KubeObject, path: string): string {
  if (path === 'source') {
    const src = obj['source'] as { component?: string } | undefined;
    return src?.component ?? '';
  }
  let cur: unknown = obj;
  for (const seg of path.split('.')) {
    if (cur === null || typeof cur !== 'object') return '';
    cur = (cur as Record<string, unknown>)[seg];
  }
  if (cur === undefined || cur === null) return '';
  return typeof cur === 'string' ? cur : String(cur);
}

export function matchesFields(reqs: readonly FieldRequirement[], obj: KubeObject): boolean {
  for (const r of reqs) {
    const v = fieldValue(obj, r.field);
    if (r.op === '=' ? v !== r.value : v === r.value) return false;
  }
  return true;
}
