import type { KubeObject, OwnerReference } from './graph-input';

/** The owner of `kind` that controls `obj` (or, failing that, any owner of that kind). */
export function controllerOf(obj: KubeObject, kind: string): OwnerReference | undefined {
  const refs = obj.metadata.ownerReferences ?? [];
  return (
    refs.find((ref) => ref.kind === kind && ref.controller !== false) ?? refs.find((ref) => ref.kind === kind)
  );
}
