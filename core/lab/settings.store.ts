import { readFile, rename } from 'node:fs/promises';
import { z } from 'zod';
import { BACKEND_IDS, THEMES, type Settings } from '../contract';
import { writeFileAtomic } from './atomic-file';

/** Bumped when the saved shape changes; older files are migrated, newer ones refused. */
export const SETTINGS_VERSION = 1;

export const DEFAULT_SETTINGS: Settings = { theme: 'system', defaultBackend: 'sim', simSpeed: 1 };

const settingsFile = z
  .object({
    version: z.literal(SETTINGS_VERSION),
    settings: z
      .object({
        theme: z.enum(THEMES),
        defaultBackend: z.enum(BACKEND_IDS),
        simSpeed: z.number().min(0).max(1000),
      })
      .strict(),
  })
  .strict();

export class SettingsFileError extends Error {
  constructor(
    readonly file: string,
    message: string,
  ) {
    super(`${file}: ${message}`);
    this.name = 'SettingsFileError';
  }
}

/** Reads settings; a missing file means defaults, a broken one is an error naming the file and field. */
export async function loadSettings(file: string): Promise<Settings> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { ...DEFAULT_SETTINGS };
    throw err;
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new SettingsFileError(file, `not valid JSON (${(err as Error).message})`);
  }
  const parsed = settingsFile.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue && issue.path.length > 0 ? issue.path.join('.') : '(root)';
    throw new SettingsFileError(file, `field ${field}: ${issue?.message ?? 'invalid'}`);
  }
  return parsed.data.settings;
}

export async function saveSettings(file: string, settings: Settings): Promise<void> {
  await writeFileAtomic(file, JSON.stringify({ version: SETTINGS_VERSION, settings }, null, 2) + '\n');
}

/** Keeps a broken settings file beside the new one instead of overwriting what the user had. */
export async function setAsideBrokenFile(file: string, stamp: number): Promise<string> {
  const aside = `${file}.broken-${stamp}`;
  await rename(file, aside);
  return aside;
}
