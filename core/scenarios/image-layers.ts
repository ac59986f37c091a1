/**
 * Reads an image the way `docker save img | tar -x` lets a person read it: manifest.json names the
 * config and the layer tarballs; the config's history says which instruction made each layer. The
 * checks of docker-env-secrets look for a secret in every layer (a later `RUN rm` only adds a
 * whiteout; the file stays in the layer below). Both save formats are read: the classic one
 * (<id>/layer.tar) and the OCI one (blobs/sha256/...), uncompressed or gzipped layers.
 */
import type Docker from 'dockerode';
import { gunzipSync } from 'node:zlib';
import { extract } from 'tar-stream';
import type { LayerFile, SavedImage, SavedLayer } from '../../scenarios/docker-build/docker-kit';

export interface TarEntry {
  path: string;
  /** tar-stream's entry type: 'file', 'directory', 'symlink', ... */
  type: string;
  data: Buffer;
}

/** Text of files up to this size is kept (a secret, a config file); bigger files are listed only. */
const MAX_TEXT_BYTES = 64 * 1024;
/** `docker save` of a lesson image is a few MB; refuse to buffer something far bigger. */
const MAX_IMAGE_BYTES = 512 * 1024 * 1024;

/** The entries of a tar archive, gzipped or not (tar-stream reads ustar, GNU long names and pax). */
export async function readTar(archive: Buffer): Promise<TarEntry[]> {
  const buf = archive[0] === 0x1f && archive[1] === 0x8b ? gunzipSync(archive) : archive;
  const reader = extract();
  reader.end(buf);
  const entries: TarEntry[] = [];
  for await (const entry of reader) {
    const chunks: Buffer[] = [];
    for await (const chunk of entry) chunks.push(chunk as Buffer);
    entries.push({ path: entry.header.name, type: entry.header.type ?? 'file', data: Buffer.concat(chunks) });
  }
  return entries;
}

function isText(data: Buffer): boolean {
  return data.length <= MAX_TEXT_BYTES && !data.includes(0);
}

/** The files a layer tarball adds or deletes (whiteouts `.wh.<name>` become `deleted`). */
export async function layerFiles(layerTar: Buffer): Promise<LayerFile[]> {
  const files: LayerFile[] = [];
  for (const e of await readTar(layerTar)) {
    const path = `/${e.path.replace(/^\.?\/+/, '')}`.replace(/\/+$/, '');
    const slash = path.lastIndexOf('/');
    const base = path.slice(slash + 1);
    if (base.startsWith('.wh.')) {
      // .wh..wh..opq: the whole folder below was replaced.
      const deleted =
        base === '.wh..wh..opq' ? `${path.slice(0, slash)}/*` : path.slice(0, slash + 1) + base.slice(4);
      files.push({ path: deleted, size: 0, deleted: true });
      continue;
    }
    if (e.type !== 'file' && e.type !== 'contiguous-file') continue;
    files.push({ path, size: e.data.length, ...(isText(e.data) ? { text: e.data.toString('utf8') } : {}) });
  }
  return files;
}

interface SaveManifest {
  Config: string;
  Layers: string[];
}
interface ImageConfig {
  config?: { Env?: string[] };
  history?: Array<{ created_by?: string; empty_layer?: boolean }>;
}

/** An image from its `docker save` archive: one SavedLayer per history entry, oldest first. */
export async function savedImageFromArchive(ref: string, archive: Buffer): Promise<SavedImage> {
  const entries = new Map((await readTar(archive)).map((e) => [e.path.replace(/^\.\//, ''), e.data]));
  const manifestText = entries.get('manifest.json');
  if (!manifestText) throw new Error(`the saved archive of ${ref} has no manifest.json`);
  const manifest = (JSON.parse(manifestText.toString('utf8')) as SaveManifest[])[0];
  if (!manifest) throw new Error(`the saved archive of ${ref} names no image`);
  const configText = entries.get(manifest.Config);
  if (!configText) throw new Error(`the saved archive of ${ref} lacks its config ${manifest.Config}`);
  const config = JSON.parse(configText.toString('utf8')) as ImageConfig;
  const tarballs = [...manifest.Layers];
  const files = async (path: string | undefined): Promise<LayerFile[]> => {
    const data = path ? entries.get(path) : undefined;
    return data ? layerFiles(data) : [];
  };
  const history: NonNullable<ImageConfig['history']> =
    config.history ?? tarballs.map(() => ({ created_by: '' }));
  const layers: SavedLayer[] = [];
  for (const [i, h] of history.entries()) {
    const empty = h.empty_layer === true;
    layers.push({
      index: i + 1,
      createdBy: h.created_by ?? '',
      empty,
      files: empty ? [] : await files(tarballs.shift()),
    });
  }
  return { ref, env: config.config?.Env ?? [], layers };
}

/** `docker save <ref>` through the engine API, read in memory. */
export async function saveImage(client: Docker, ref: string): Promise<SavedImage> {
  const stream = await client.getImage(ref).get();
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    total += chunk.length;
    if (total > MAX_IMAGE_BYTES) {
      (stream as { destroy?: () => void }).destroy?.();
      throw new Error(`docker save ${ref} is larger than ${MAX_IMAGE_BYTES} bytes`);
    }
    chunks.push(chunk);
  }
  return savedImageFromArchive(ref, Buffer.concat(chunks));
}
