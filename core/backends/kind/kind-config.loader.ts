/**
 * Reads and checks the lab's kind cluster configs (lab-clusters/kind/*.yaml) before kind sees them,
 * so a broken config fails with the file and field instead of a kind stack trace.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';

export const KIND_CONFIG_NAMES = ['single-node', 'three-node'] as const;
export type KindConfigName = (typeof KIND_CONFIG_NAMES)[number];

/** The NodePort every lab Service uses, mapped to 127.0.0.1 on the host by both configs. */
export const LAB_NODE_PORT = 30080;

const portMapping = z.object({
  containerPort: z.number().int(),
  hostPort: z.number().int(),
  listenAddress: z.string().optional(),
  protocol: z.enum(['TCP', 'UDP', 'SCTP']).optional(),
});

const kindConfigSchema = z.object({
  kind: z.literal('Cluster'),
  apiVersion: z.literal('kind.x-k8s.io/v1alpha4'),
  name: z.string().optional(),
  networking: z.looseObject({ apiServerAddress: z.string().optional() }).optional(),
  nodes: z
    .array(
      z.looseObject({
        role: z.enum(['control-plane', 'worker']),
        image: z.string().optional(),
        extraPortMappings: z.array(portMapping).optional(),
      }),
    )
    .min(1),
});

export type KindClusterConfig = z.infer<typeof kindConfigSchema>;

export function kindConfigPath(configDir: string, name: KindConfigName): string {
  return path.join(configDir, `${name}.yaml`);
}

export async function loadKindConfig(file: string): Promise<KindClusterConfig> {
  const text = await readFile(file, 'utf8');
  const result = kindConfigSchema.safeParse(parse(text) as unknown);
  if (!result.success) {
    const issues = result.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
    throw new Error(`${file}: not a valid kind cluster config: ${issues}`);
  }
  const config = result.data;
  // Lab traffic must only ever be reachable from this machine.
  for (const node of config.nodes) {
    for (const mapping of node.extraPortMappings ?? []) {
      if (mapping.listenAddress !== '127.0.0.1') {
        throw new Error(
          `${file}: extraPortMappings for containerPort ${mapping.containerPort} must set listenAddress "127.0.0.1"`,
        );
      }
    }
  }
  return config;
}
