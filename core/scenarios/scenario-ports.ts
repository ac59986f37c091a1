/**
 * What the scenario engine needs from the world, as ports: the cluster (core/kube connection, cache
 * and the recorded timeline), synthetic traffic, faults, the cluster's clock and wall time. The sim
 * backend implements them over the Kubernetes API plus `/lab/v1`; kind and a kube context over the
 * Kubernetes API and real time; tests may substitute any of them.
 */
import type { BackendId } from '../contract';
import type { KubeConnection } from '../kube/kube-connection';
import type { ClusterCache } from '../kube/cluster-cache';
import type { RealTime } from '../traffic/real-time';
import type { TrafficPort } from '../traffic/traffic.port';
import type { FaultName, KubeObject, TimelineEntry } from '../../scenarios/scenario-kit';
import type { DockerScenarioPort } from './docker-ports';

export interface ClockPort {
  /** 'virtual': the embedded cluster's clock (can be sped up); 'real': kind and contexts. */
  kind: 'virtual' | 'real';
  /** Cluster time now (an estimate between syncs on the embedded cluster). */
  now(): number;
  /** Reads the cluster's time exactly. */
  sync(): Promise<number>;
  /** Waits `ms` of cluster time. */
  sleep(ms: number): Promise<void>;
  /** Virtual ms per real ms (1 on real clusters). */
  speed(): number;
  setSpeed(speed: number): Promise<void>;
  /** Moves virtual time forward at once (embedded cluster only). */
  advance(ms: number): Promise<void>;
}

export interface FaultsPort {
  inject(fault: FaultName, args: readonly (string | number | boolean)[]): Promise<void>;
  clearAll(): Promise<void>;
}

export interface TimelineRecorder {
  /** Watch changes at or after `since` (cluster time). */
  since(since: number): TimelineEntry[];
  /** Every object now, per resource, in the lab's namespace (plus nodes). */
  list(resource: string): KubeObject[];
  /** Copies of the current objects of every watched resource. */
  snapshot(): Map<string, KubeObject[]>;
  count(): number;
  stop(): void;
}

export interface ClusterPort {
  namespace: string;
  connection: KubeConnection;
  cache: ClusterCache;
  timeline: TimelineRecorder;
}

export interface ScenarioPorts {
  backend: BackendId;
  cluster: ClusterPort;
  traffic: TrafficPort;
  faults: FaultsPort;
  clock: ClockPort;
  realTime: RealTime;
  /** The Docker engine, on the docker backend only (container scenarios; `cluster` is a stand-in there). */
  docker?: DockerScenarioPort;
  /** Reads a file of a scenario folder (step text, manifests). */
  readScenarioFile(folder: string, path: string): Promise<string>;
  dispose(): Promise<void>;
}
