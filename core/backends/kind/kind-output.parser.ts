/**
 * Parsers for what the kind CLI prints. Pure functions. The test lines follow kind's known output
 * format (v0.2x); they were written by hand, not captured here, because kind cannot run on this machine.
 */

export interface KindVersion {
  /** e.g. "v0.27.0" */
  version: string;
  major: number;
  minor: number;
  patch: number;
  go?: string;
  platform?: string;
}

/** `kind version` prints e.g. "kind v0.27.0 go1.23.6 linux/amd64" (older: "kind v0.8.1 go1.14.2 linux/amd64"). */
export function parseKindVersion(stdout: string): KindVersion | undefined {
  const match = /kind (v(\d+)\.(\d+)\.(\d+)[\w.+-]*)(?:\s+(go[\w.]+))?(?:\s+([\w-]+\/[\w-]+))?/.exec(stdout);
  if (!match) return undefined;
  return {
    version: match[1] ?? '',
    major: Number(match[2]),
    minor: Number(match[3]),
    patch: Number(match[4]),
    ...(match[5] ? { go: match[5] } : {}),
    ...(match[6] ? { platform: match[6] } : {}),
  };
}

/** `kind get clusters`: one name per line on stdout; "No kind clusters found." goes to stderr. */
export function parseClusterList(stdout: string): string[] {
  return stdout
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !/^No kind clusters found/.test(line));
}

export type KindStageId =
  | 'ensure-node-image'
  | 'prepare-nodes'
  | 'write-configuration'
  | 'start-control-plane'
  | 'install-cni'
  | 'install-storage-class'
  | 'join-workers'
  | 'wait-ready'
  | 'ready'
  | 'other';

export type KindProgressEvent =
  | { type: 'stage'; stage: KindStageId; status: 'started' | 'done' | 'failed'; label: string }
  | { type: 'error'; message: string }
  | { type: 'log'; line: string };

const STAGES: Array<[RegExp, KindStageId]> = [
  [/^Ensuring node image/, 'ensure-node-image'],
  [/^Preparing nodes/, 'prepare-nodes'],
  [/^Writing configuration/, 'write-configuration'],
  [/^Starting control-plane/, 'start-control-plane'],
  [/^Installing CNI/, 'install-cni'],
  [/^Installing StorageClass/, 'install-storage-class'],
  [/^Joining worker nodes/, 'join-workers'],
  [/^Waiting /, 'wait-ready'],
  [/^Ready after/, 'ready'],
];

/** Drops kind's trailing emoji and the " ..." it prints while a stage is running. */
function cleanLabel(text: string): string {
  return text
    .replace(/\s*\.\.\.\s*$/, '')
    .replace(/[\s\p{Extended_Pictographic}\u{FE0F}\u{200D}]+$/u, '')
    .trim();
}

/**
 * One stderr line of `kind create cluster`. Without a TTY kind prints " • Stage ..." when a stage
 * starts and " ✓ Stage" / " ✗ Stage" when it ends; with a TTY it rewrites one line with a spinner,
 * which arrives here as carriage returns (only the last segment counts).
 */
export function parseKindProgressLine(rawLine: string): KindProgressEvent | undefined {
  const line = (rawLine.split('\r').pop() ?? '').trim();
  if (line === '') return undefined;
  if (line.startsWith('ERROR:')) return { type: 'error', message: line.slice(6).trim() };
  const marker = /^([•✓✗])\s+(.*)$/u.exec(line);
  if (!marker) return { type: 'log', line };
  const label = cleanLabel(marker[2] ?? '');
  const stage = STAGES.find(([pattern]) => pattern.test(label))?.[1] ?? 'other';
  const status =
    marker[1] === '✓' ? 'done' : marker[1] === '✗' ? 'failed' : stage === 'ready' ? 'done' : 'started';
  return { type: 'stage', stage, status, label };
}

/** The most useful sentence of a failed kind command: its ERROR line, else the last non-empty line. */
export function kindErrorSummary(stderr: string): string {
  const lines = stderr
    .split('\n')
    .map((l) => (l.split('\r').pop() ?? '').trim())
    .filter(Boolean);
  const error = lines.find((l) => l.startsWith('ERROR:'));
  if (error) return error.slice(6).trim();
  return lines[lines.length - 1] ?? 'no output';
}
