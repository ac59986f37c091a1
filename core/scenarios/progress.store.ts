/**
 * Saved progress of a scenario: the machine's persisted snapshot (xstate getPersistedSnapshot), stamped
 * with the format version and the scenario's version, written atomically (temp file, fsync, rename) so a
 * crash never leaves a torn file. A snapshot of another version is not resumed: steps may have changed.
 */
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../lab/atomic-file';

export const PROGRESS_FORMAT_VERSION = 1;

export interface SavedProgress {
  formatVersion: number;
  scenarioId: string;
  scenarioVersion: number;
  backend: string;
  savedAt: number;
  snapshot: unknown;
}

export interface ProgressStore {
  load(scenarioId: string, scenarioVersion: number): Promise<SavedProgress | undefined>;
  save(progress: SavedProgress): Promise<void>;
  clear(scenarioId: string): Promise<void>;
}

export function progressPath(dir: string, scenarioId: string): string {
  return join(dir, `${scenarioId}.progress.json`);
}

export function createProgressStore(dir: string): ProgressStore {
  return {
    async load(scenarioId, scenarioVersion) {
      let text: string;
      try {
        text = await readFile(progressPath(dir, scenarioId), 'utf8');
      } catch {
        return undefined;
      }
      try {
        const saved = JSON.parse(text) as SavedProgress;
        if (
          saved.formatVersion !== PROGRESS_FORMAT_VERSION ||
          saved.scenarioId !== scenarioId ||
          saved.scenarioVersion !== scenarioVersion ||
          typeof saved.snapshot !== 'object' ||
          saved.snapshot === null
        ) {
          return undefined;
        }
        return saved;
      } catch {
        // An unreadable file (hand-edited, older format) means start over rather than fail.
        return undefined;
      }
    },
    save(progress) {
      return writeFileAtomic(
        progressPath(dir, progress.scenarioId),
        `${JSON.stringify(progress, null, 2)}\n`,
      );
    },
    async clear(scenarioId) {
      await rm(progressPath(dir, scenarioId), { force: true });
    },
  };
}
