/**
 * The small port that differs per backend (ARCHITECTURE.md): how a cluster starts and stops and where
 * kubectl finds it. Everything else the engine does goes through the Kubernetes API.
 */
import type { BackendId } from '../contract';

export interface ConnectedCluster {
  /** A kubeconfig for this cluster that the engine and the user's kubectl both use. */
  kubeconfigPath?: string;
  message: string;
  /**
   * The embedded cluster also serves the lab-owned API (`/lab/v1`: virtual clock, faults, synthetic
   * traffic) on the same server and credentials; real clusters do not.
   */
  labApi?: boolean;
  /** Node stops and other destructive faults are refused where this is false (a team's own context). */
  destructiveFaults?: boolean;
  disconnect(): Promise<void>;
}

export interface ClusterBackend {
  id: BackendId;
  connect(options: { context?: string }): Promise<ConnectedCluster>;
}
