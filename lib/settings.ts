/** Reader preferences, kept in extension storage (synced where the browser syncs). */
export interface Settings {
  /** Clip a paper as soon as its page is visited; off means the popup's toggle clips. */
  autoClip: boolean;
  /** On listings (arXiv, Hugging Face): a mark beside entries in the library or close to it, and a clip button. */
  showMarks: boolean;
  /** On a paper page: the corner chip ("In your library · 3 related") and its panel. */
  showChip: boolean;
}

export const DEFAULT_SETTINGS: Settings = { autoClip: true, showMarks: true, showChip: true };

/**
 * The settings as kept by `stored` (extension storage): read with their defaults, and changed one change at a
 * time. Two changes asked at once (two toggles clicked in a row) would each read the settings before the other
 * wrote them, and the second would undo the first.
 */
export function settingsStore(stored: {
  getValue(): Promise<Partial<Settings> | null>;
  setValue(value: Settings): Promise<void>;
}) {
  const get = async (): Promise<Settings> => ({ ...DEFAULT_SETTINGS, ...(await stored.getValue()) });
  let last: Promise<unknown> = Promise.resolve();
  return {
    get,
    set(patch: Partial<Settings>): Promise<Settings> {
      const change = last.then(async () => {
        const next = { ...(await get()), ...patch };
        await stored.setValue(next);
        return next;
      });
      last = change.catch(() => {});
      return change;
    },
  };
}

/** What a content script is told of the settings (in its reply to `page-papers`). */
export type OnPageSettings = Pick<Settings, 'autoClip' | 'showMarks' | 'showChip'>;

export const onPageSettings = ({ autoClip, showMarks, showChip }: Settings): OnPageSettings => ({
  autoClip,
  showMarks,
  showChip,
});
