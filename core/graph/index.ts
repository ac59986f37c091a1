/** core/graph: pure projection of Kubernetes objects and traffic onto the lab's graph model. */
export {
  buildGraph,
  configRefs,
  resolveRollout,
  DEFAULT_AGGREGATE_ABOVE,
  REVISION_ANNOTATION,
  SERVICE_NAME_LABEL,
} from './build-graph';
export { reuseIdentity, deepEqual } from './graph-diff';
export {
  applyGraphDelta,
  diffGraphModels,
  isEmptyDelta,
  EMPTY_GRAPH,
  GraphDeltaError,
  type GraphDelta,
  type ItemDelta,
} from './graph-delta';
export { assessPod, imageTag, versionOf, type PodAssessment, type PodState } from './pod-health';
export { createGraphMemo, type GraphMemo } from './graph-memo';
export { serviceSelects, selectorMatches, formatSelector } from './label-selector';
export * from './graph-model';
export type * from './graph-input';
