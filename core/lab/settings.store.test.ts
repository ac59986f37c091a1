import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadSettings, saveSettings, DEFAULT_SETTINGS, SETTINGS_VERSION } from './settings.store';
import { createEngine } from './engine';
import { createInProcessClient } from './in-process.host';
import type { LabEvent } from '../contract';

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'deploy-lab-settings-'));
}

describe('settings', () => {
  it('saves with a version stamp and leaves no temp files behind', async () => {
    const dir = tempDir();
    const file = join(dir, 'settings.json');
    await saveSettings(file, { ...DEFAULT_SETTINGS, theme: 'dark' });
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({
      version: SETTINGS_VERSION,
      settings: { ...DEFAULT_SETTINGS, theme: 'dark' },
    });
    expect(readdirSync(dir)).toEqual(['settings.json']);
    expect(await loadSettings(file)).toEqual({ ...DEFAULT_SETTINGS, theme: 'dark' });
  });

  it('names the file and the field when the file is wrong', async () => {
    const file = join(tempDir(), 'settings.json');
    writeFileSync(file, JSON.stringify({ version: 1, settings: { ...DEFAULT_SETTINGS, simSpeed: -3 } }));
    await expect(loadSettings(file)).rejects.toThrow(`${file}: field settings.simSpeed:`);
    writeFileSync(file, '{"version": 1, "settings": ');
    await expect(loadSettings(file)).rejects.toThrow(`${file}: not valid JSON`);
  });

  it('keeps a broken file aside instead of overwriting it, and says so', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'settings.json'), 'not json');
    const engine = createEngine({
      host: 'test',
      version: 'test',
      dataDir: dir,
      clock: { now: () => 1234 },
      runDoctor: async () => ({ checkedAt: '', checks: [] }),
      scenarios: [],
    });
    const events: LabEvent[] = [];
    engine.onEvent((event) => events.push(event));
    const client = createInProcessClient(engine);
    expect(await client.api.settings.get({})).toEqual(DEFAULT_SETTINGS);
    expect(readFileSync(join(dir, 'settings.json.broken-1234'), 'utf8')).toBe('not json');
    expect(
      events.some(
        (e) =>
          e.type === 'engine.log' && e.level === 'warn' && e.message.includes('settings.json.broken-1234'),
      ),
    ).toBe(true);
    await client.api.settings.update({ theme: 'light' });
    expect(await loadSettings(join(dir, 'settings.json'))).toMatchObject({ theme: 'light' });
  });
});
