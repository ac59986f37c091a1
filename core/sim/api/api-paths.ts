// URL path -> route. Paths follow the apiserver's layout (k8s.io/apiserver pkg/endpoints/installer.go):
// /api/v1/[namespaces/{ns}/]{resource}[/{name}[/{subresource}]] and the same under /apis/{group}/{version}.
import { findResource, resourcesIn, type ResourceInfo } from './discovery/resource-registry.js';

export type Route =
  | { type: 'version' }
  | { type: 'health' }
  | { type: 'api-root' }
  | { type: 'apis-root' }
  | { type: 'api-group'; group: string }
  | { type: 'group-version'; group: string; version: string }
  | { type: 'openapi-v3-index' }
  | { type: 'openapi-v3'; key: string }
  | { type: 'openapi-v2' }
  | { type: 'lab'; parts: string[] }
  | { type: 'resource'; info: ResourceInfo; namespace?: string; name?: string; subresource?: string }
  | { type: 'not-found' };

function decode(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    return part;
  }
}

export function parsePath(pathname: string): Route {
  const parts = pathname.split('/').filter((p) => p !== '').map(decode);
  const [a, b, c] = parts;
  if (a === 'version' && parts.length === 1) return { type: 'version' };
  if ((a === 'healthz' || a === 'livez' || a === 'readyz') && parts.length === 1) return { type: 'health' };
  if (a === 'openapi') {
    if (b === 'v3' && parts.length === 2) return { type: 'openapi-v3-index' };
    if (b === 'v3') return { type: 'openapi-v3', key: parts.slice(2).join('/') };
    if (b === 'v2' && parts.length === 2) return { type: 'openapi-v2' };
    return { type: 'not-found' };
  }
  if (a === 'lab' && b === 'v1') return { type: 'lab', parts: parts.slice(2) };
  if (a === 'api') {
    if (parts.length === 1) return { type: 'api-root' };
    if (b !== 'v1') return { type: 'not-found' };
    if (parts.length === 2) return { type: 'group-version', group: '', version: 'v1' };
    return resourceRoute('', 'v1', parts.slice(2));
  }
  if (a === 'apis') {
    if (parts.length === 1) return { type: 'apis-root' };
    if (!b) return { type: 'not-found' };
    if (parts.length === 2) return { type: 'api-group', group: b };
    if (!c) return { type: 'not-found' };
    if (parts.length === 3) return { type: 'group-version', group: b, version: c };
    return resourceRoute(b, c, parts.slice(3));
  }
  return { type: 'not-found' };
}

function resourceRoute(group: string, version: string, rest: string[]): Route {
  if (!resourcesIn(group, version).length) return { type: 'not-found' };
  const [first, second, third, fourth, fifth] = rest;
  if (first === 'namespaces' && second !== undefined && third !== undefined) {
    const info = findResource(group, version, third);
    if (info && info.namespaced) {
      if (rest.length > 5) return { type: 'not-found' };
      const route: Route = { type: 'resource', info, namespace: second };
      if (fourth !== undefined) route.name = fourth;
      if (fifth !== undefined) route.subresource = fifth;
      return validSubresource(route);
    }
  }
  if (first === undefined) return { type: 'not-found' };
  const info = findResource(group, version, first);
  if (!info || rest.length > 3) return { type: 'not-found' };
  // A namespaced resource without a namespace is only valid as a cross-namespace collection (`-A`).
  if (info.namespaced && second !== undefined) return { type: 'not-found' };
  const route: Route = { type: 'resource', info };
  if (second !== undefined) route.name = second;
  if (third !== undefined) route.subresource = third;
  return validSubresource(route);
}

function validSubresource(route: Route): Route {
  if (route.type !== 'resource' || route.subresource === undefined) return route;
  const sub = route.subresource;
  return route.info.subresources.some((s) => s.name === sub) ? route : { type: 'not-found' };
}
