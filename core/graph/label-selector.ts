import type { LabelSelector, Labels } from './graph-input';

/**
 * A Service's `spec.selector` is a plain map; an empty or missing one selects nothing (the Service is
 * then managed by hand, e.g. ExternalName or manual EndpointSlices), not everything.
 */
export function serviceSelects(selector: Labels | undefined, labels: Labels | undefined): boolean {
  if (!selector) return false;
  const keys = Object.keys(selector);
  if (keys.length === 0) return false;
  return keys.every((key) => labels?.[key] === selector[key]);
}

/**
 * metav1.LabelSelector semantics: an empty selector matches everything, requirements are ANDed
 * (apimachinery pkg/apis/meta/v1/helpers.go LabelSelectorAsSelector).
 */
export function selectorMatches(selector: LabelSelector | undefined, labels: Labels | undefined): boolean {
  if (!selector) return false;
  const own = labels ?? {};
  for (const [key, value] of Object.entries(selector.matchLabels ?? {})) {
    if (own[key] !== value) return false;
  }
  for (const expr of selector.matchExpressions ?? []) {
    const has = Object.prototype.hasOwnProperty.call(own, expr.key);
    const value = own[expr.key];
    const values = expr.values ?? [];
    switch (expr.operator) {
      case 'In':
        if (!has || value === undefined || !values.includes(value)) return false;
        break;
      case 'NotIn':
        if (has && value !== undefined && values.includes(value)) return false;
        break;
      case 'Exists':
        if (!has) return false;
        break;
      case 'DoesNotExist':
        if (has) return false;
        break;
      default:
        return false;
    }
  }
  return true;
}

export function formatSelector(selector: Labels | undefined): string {
  return Object.entries(selector ?? {})
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([key, value]) => `${key}=${value}`)
    .join(',');
}
