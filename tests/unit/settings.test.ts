import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, type Settings, settingsStore } from '../../lib/settings';

/** Extension storage as slow as it is after a restart: each read and write 10 ms. */
function slowStorage() {
  let value: Settings | null = null;
  const later = <T>(result: () => T) => new Promise<T>((resolve) => setTimeout(() => resolve(result()), 10));
  return {
    getValue: () => later(() => value),
    setValue: (next: Settings) =>
      later(() => {
        value = next;
      }),
    read: () => value,
  };
}

describe('settings', () => {
  it('two changes asked at once are both kept (two toggles clicked in a row)', async () => {
    const storage = slowStorage();
    const settings = settingsStore(storage);
    const [first, second] = await Promise.all([
      settings.set({ showMarks: false }),
      settings.set({ showChip: false }),
    ]);
    expect(first).toEqual({ ...DEFAULT_SETTINGS, showMarks: false });
    expect(second).toEqual({ ...DEFAULT_SETTINGS, showMarks: false, showChip: false });
    expect(storage.read()).toEqual({ ...DEFAULT_SETTINGS, showMarks: false, showChip: false });
    expect(await settings.get()).toEqual(storage.read());
  });

  it('a failed write is told to its caller and does not stop the next change', async () => {
    const storage = slowStorage();
    let fail = true;
    const settings = settingsStore({
      getValue: storage.getValue,
      setValue: (next) =>
        fail ? Promise.reject(new Error('QUOTA_BYTES quota exceeded')) : storage.setValue(next),
    });
    await expect(settings.set({ autoClip: false })).rejects.toThrow('quota');
    fail = false;
    expect(await settings.set({ showChip: false })).toEqual({ ...DEFAULT_SETTINGS, showChip: false });
  });
});
