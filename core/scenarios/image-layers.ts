/**
 * Reads an image the way `docker save img | tar -x` lets a person read it: manifest.json names the
 * config and the layer tarballs; the config's history says which instruction made each layer. The
 * checks of docker-env-secrets look for a secret in every layer (a later `RUN rm` only adds a
 * whiteout; the file stays in the layer below). Both save formats are read: the classic one
 * (<id>/layer.tar) and the OCI one (blobs/sha256/...), uncompressed or gzipped layers.
 */
import type Docker from 'dockerode';
import { gunzipSync } from 'node:zlib';
import type { LayerFile, SavedImage, SavedLayer } from '../../scenarios/docker-build/docker-kit';

export interface TarEntry {
  path: string;
  /** '0' file, '5' directory, '2' symlink, ... ('0' also for the old '\0'). */
  type: string;
  data: Buffer;
}

const BLOCK = 512;
/** Text of files up to this size is kept (a secret, a config file); bigger files are listed only. */
const MAX_TEXT_BYTES = 64 * 1024;
/** `docker save` of a lesson image is a few MB; refuse to buffer something far bigger. */
const MAX_IMAGE_BYTES = 512 * 1024 * 1024;

function cString(buf: Buffer, start: number, length: number): string {
  const field = buf.subarray(start, start + length);
  const end = field.indexOf(0);
  return field.subarray(0, end === -1 ? field.length : end).toString('utf8');
}

function tarSize(header: Buffer): number {
  const field = header.subarray(124, 136);
  // GNU base-256 for sizes beyond 8 GiB (never in a lesson image, but do not misread it).
  if ((field[0] ?? 0) & 0x80) {
    let n = 0;
    for (let i = 1; i < field.length; i += 1) n = n * 256 + (field[i] ?? 0);
    return n;
  }
  const octal = cString(header, 124, 12).trim();
  return octal ? parseInt(octal, 8) : 0;
}

/** The entries of a tar archive (ustar, with GNU long names and pax `path` records). */
export function readTar(archive: Buffer): TarEntry[] {
  const buf = archive[0] === 0x1f && archive[1] === 0x8b ? gunzipSync(archive) : archive;
  const entries: TarEntry[] = [];
  let longName: string | undefined;
  let offset = 0;
  while (offset + BLOCK <= buf.length) {
    const header = buf.subarray(offset, offset + BLOCK);
    if (header.every((b) => b === 0)) break;
    const size = tarSize(header);
    const typeflag = cString(header, 156, 1) || '0';
    const data = buf.subarray(offset + BLOCK, offset + BLOCK + size);
    offset += BLOCK + Math.ceil(size / BLOCK) * BLOCK;
    if (typeflag === 'L') {
      longName = cString(data, 0, data.length);
      continue;
    }
    if (typeflag === 'x') {
      for (const record of data.toString('utf8').split('\n')) {
        const m = /^\d+ path=(.*)$/.exec(record);
        if (m?.[1]) longName = m[1];
      }
      continue;
    }
    if (typeflag === 'g') continue;
    const name = cString(header, 0, 100);
    const magic = cString(header, 257, 6);
    const prefix = magic.startsWith('ustar') ? cString(header, 345, 155) : '';
    const path = longName ?? (prefix ? `${prefix}/${name}` : name);
    longName = undefined;
    entries.push({ path, type: typeflag, data });
  }
  return entries;
}

function isText(data: Buffer): boolean {
  return data.length <= MAX_TEXT_BYTES && !data.includes(0);
}

/** The files a layer tarball adds or deletes (whiteouts `.wh.<name>` become `deleted`). */
export function layerFiles(layerTar: Buffer): LayerFile[] {
  const files: LayerFile[] = [];
  for (const e of readTar(layerTar)) {
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
    if (e.type !== '0' && e.type !== '7') continue;
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
export function savedImageFromArchive(ref: string, archive: Buffer): SavedImage {
  const entries = new Map(readTar(archive).map((e) => [e.path.replace(/^\.\//, ''), e.data]));
  const manifestText = entries.get('manifest.json');
  if (!manifestText) throw new Error(`the saved archive of ${ref} has no manifest.json`);
  const manifest = (JSON.parse(manifestText.toString('utf8')) as SaveManifest[])[0];
  if (!manifest) throw new Error(`the saved archive of ${ref} names no image`);
  const configText = entries.get(manifest.Config);
  if (!configText) throw new Error(`the saved archive of ${ref} lacks its config ${manifest.Config}`);
  const config = JSON.parse(configText.toString('utf8')) as ImageConfig;
  const tarballs = [...manifest.Layers];
  const files = (path: string | undefined): LayerFile[] => {
    const data = path ? entries.get(path) : undefined;
    return data ? layerFiles(data) : [];
  };
  const history: NonNullable<ImageConfig['history']> =
    config.history ?? tarballs.map(() => ({ created_by: '' }));
  const layers: SavedLayer[] = history.map((h, i) => {
    const empty = h.empty_layer === true;
    return {
      index: i + 1,
      createdBy: h.created_by ?? '',
      empty,
      files: empty ? [] : files(tarballs.shift()),
    };
  });
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
