import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { KIND_CONFIG_NAMES, LAB_NODE_PORT, kindConfigPath, loadKindConfig } from './kind-config.loader';

const configDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../lab-clusters/kind');

describe('lab kind cluster configs', () => {
  it.each(KIND_CONFIG_NAMES)(
    '%s exposes NodePort 30080 on 127.0.0.1 from the control plane',
    async (name) => {
      const config = await loadKindConfig(kindConfigPath(configDir, name));
      const controlPlane = config.nodes.find((n) => n.role === 'control-plane');
      expect(controlPlane?.extraPortMappings).toEqual([
        {
          containerPort: LAB_NODE_PORT,
          hostPort: LAB_NODE_PORT,
          listenAddress: '127.0.0.1',
          protocol: 'TCP',
        },
      ]);
      expect(config.networking?.apiServerAddress).toBe('127.0.0.1');
      expect(config.name).toBeUndefined(); // the name comes from --name
    },
  );

  it('single-node has one node; three-node has one control plane and two workers', async () => {
    const single = await loadKindConfig(kindConfigPath(configDir, 'single-node'));
    const three = await loadKindConfig(kindConfigPath(configDir, 'three-node'));
    expect(single.nodes.map((n) => n.role)).toEqual(['control-plane']);
    expect(three.nodes.map((n) => n.role)).toEqual(['control-plane', 'worker', 'worker']);
  });

  it('refuses a config that would publish a port beyond 127.0.0.1, naming file and port', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'kind-config-'));
    try {
      const file = path.join(dir, 'open.yaml');
      await writeFile(
        file,
        'kind: Cluster\napiVersion: kind.x-k8s.io/v1alpha4\nnodes:\n  - role: control-plane\n    extraPortMappings:\n      - containerPort: 30080\n        hostPort: 30080\n',
      );
      await expect(loadKindConfig(file)).rejects.toThrow(
        /open\.yaml: extraPortMappings for containerPort 30080 must set listenAddress "127\.0\.0\.1"/,
      );
      await writeFile(file, 'kind: Cluster\napiVersion: kind.x-k8s.io/v1alpha3\nnodes: []\n');
      await expect(loadKindConfig(file)).rejects.toThrow(
        /open\.yaml: not a valid kind cluster config: apiVersion/,
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
