/**
 * The image catalog: which images the simulated registry has and how the app inside behaves.
 * Data lives in lab-clusters/images/catalog.yaml; this module parses (yaml) and validates (zod) it.
 */
import { readFileSync, existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { z } from 'zod';

const behaviour = {
  pullSeconds: z.number().min(0),
  sizeBytes: z.number().int().min(0),
  startupSeconds: z.number().min(0),
  cpuMillicoresPerRequest: z.number().min(0),
  idleCpuMillicores: z.number().min(0),
  baseLatencyMs: z.number().min(0),
  errorRate: z.number().min(0).max(1),
  crashOnStart: z.boolean(),
  failReadiness: z.boolean(),
  drainsOnSigterm: z.boolean(),
  drainSeconds: z.number().min(0),
};

const tagSchema = z
  .object({ version: z.string(), colour: z.string(), ...Object.fromEntries(Object.entries(behaviour).map(([k, v]) => [k, v.optional()])) })
  .strict();

const imageSchema = z
  .object({
    name: z.string().min(1),
    description: z.string().optional(),
    server: z.enum(['gunicorn', 'nginx', 'shell', 'system']),
    /** kind ships these in its node image: present on every node without a pull. */
    preloaded: z.boolean().default(false),
    port: z.number().int().min(0).max(65535),
    endpoints: z.array(z.string()),
    pullSeconds: behaviour.pullSeconds,
    sizeBytes: behaviour.sizeBytes,
    startupSeconds: behaviour.startupSeconds,
    cpuMillicoresPerRequest: behaviour.cpuMillicoresPerRequest,
    idleCpuMillicores: behaviour.idleCpuMillicores,
    baseLatencyMs: behaviour.baseLatencyMs,
    errorRate: behaviour.errorRate.default(0),
    crashOnStart: behaviour.crashOnStart.default(false),
    failReadiness: behaviour.failReadiness.default(false),
    drainsOnSigterm: behaviour.drainsOnSigterm,
    drainSeconds: behaviour.drainSeconds.default(0),
    tags: z.record(z.string(), tagSchema),
  })
  .strict();

const catalogSchema = z.object({ schemaVersion: z.literal(1), images: z.array(imageSchema) }).strict();

export interface ImageProfile {
  /** Normalised reference, e.g. `deploy-lab/pyweb:2.0`. */
  ref: string;
  name: string;
  tag: string;
  server: 'gunicorn' | 'nginx' | 'shell' | 'system';
  preloaded: boolean;
  port: number;
  endpoints: string[];
  version: string;
  colour: string;
  pullSeconds: number;
  sizeBytes: number;
  startupSeconds: number;
  cpuMillicoresPerRequest: number;
  idleCpuMillicores: number;
  baseLatencyMs: number;
  errorRate: number;
  crashOnStart: boolean;
  failReadiness: boolean;
  drainsOnSigterm: boolean;
  drainSeconds: number;
  /** A stable fake digest for imageID. */
  digest: string;
}

export class CatalogError extends Error {}

/** Strips registry and library prefixes the way a learner may write them, and defaults the tag. */
export function normaliseImage(image: string): { name: string; tag: string } {
  let s = image.trim();
  const at = s.indexOf('@');
  if (at >= 0) s = s.slice(0, at);
  for (const p of ['docker.io/', 'index.docker.io/', 'registry-1.docker.io/']) if (s.startsWith(p)) s = s.slice(p.length);
  if (s.startsWith('library/')) s = s.slice('library/'.length);
  const slash = s.lastIndexOf('/');
  const colon = s.lastIndexOf(':');
  if (colon > slash) return { name: s.slice(0, colon), tag: s.slice(colon + 1) };
  return { name: s, tag: 'latest' };
}

/** The fully qualified reference containerd reports (docker.io/library/nginx:1.27). */
export function fullyQualified(image: string): string {
  const { name, tag } = normaliseImage(image);
  const firstPart = name.split('/')[0] ?? '';
  const hasRegistry = name.includes('/') && (firstPart.includes('.') || firstPart.includes(':') || firstPart === 'localhost');
  if (hasRegistry) return `${name}:${tag}`;
  return name.includes('/') ? `docker.io/${name}:${tag}` : `docker.io/library/${name}:${tag}`;
}

function digestOf(s: string): string {
  let h = 0x811c9dc5;
  let out = '';
  for (let round = 0; round < 8; round++) {
    for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193) >>> 0;
    h = Math.imul(h ^ round, 0x01000193) >>> 0;
    out += h.toString(16).padStart(8, '0');
  }
  return `sha256:${out}`;
}

export class ImageCatalog {
  private readonly byRef = new Map<string, ImageProfile>();

  constructor(profiles: ImageProfile[]) {
    for (const p of profiles) this.byRef.set(p.ref, p);
  }

  /** The profile of an image reference, or undefined when the registry does not have it. */
  resolve(image: string): ImageProfile | undefined {
    const { name, tag } = normaliseImage(image);
    return this.byRef.get(`${name}:${tag}`);
  }

  all(): ImageProfile[] {
    return [...this.byRef.values()];
  }
}

/** Parses and validates catalog YAML; errors name the file and the field path. */
export function parseImageCatalog(text: string, fileName = 'catalog.yaml'): ImageCatalog {
  let raw: unknown;
  try {
    raw = parse(text);
  } catch (e) {
    throw new CatalogError(`${fileName}: not valid YAML: ${e instanceof Error ? e.message : String(e)}`);
  }
  const res = catalogSchema.safeParse(raw);
  if (!res.success) {
    const issue = res.error.issues[0]!;
    const path = issue.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('').replace(/^\./, '');
    throw new CatalogError(`${fileName}: ${path || '(root)'}: ${issue.message}`);
  }
  const profiles: ImageProfile[] = [];
  for (const img of res.data.images) {
    for (const [tag, t] of Object.entries(img.tags)) {
      const { tags: _tags, description: _d, ...base } = img;
      const ref = `${img.name}:${tag}`;
      profiles.push({ ...base, ...t, ref, name: img.name, tag, digest: digestOf(ref) } as ImageProfile);
    }
  }
  return new ImageCatalog(profiles);
}

export function loadImageCatalogFile(path: string): ImageCatalog {
  return parseImageCatalog(readFileSync(path, 'utf8'), path);
}

/** Finds lab-clusters/images/catalog.yaml next to the sources, or under the working directory (bundled runs). */
export function defaultCatalogPath(): string {
  const candidates: string[] = [];
  try {
    candidates.push(fileURLToPath(new URL('../../../lab-clusters/images/catalog.yaml', import.meta.url)));
  } catch {
    // import.meta.url may not be a file URL when bundled.
  }
  candidates.push(`${process.cwd()}/lab-clusters/images/catalog.yaml`);
  for (const c of candidates) if (existsSync(c)) return c;
  throw new CatalogError(`image catalog not found (looked in ${candidates.join(', ')})`);
}

let cached: ImageCatalog | undefined;

export function loadDefaultImageCatalog(): ImageCatalog {
  cached ??= loadImageCatalogFile(defaultCatalogPath());
  return cached;
}
