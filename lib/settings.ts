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

/** What a content script is told of the settings (in its reply to `page-papers`). */
export type OnPageSettings = Pick<Settings, 'autoClip' | 'showMarks' | 'showChip'>;

export const onPageSettings = ({ autoClip, showMarks, showChip }: Settings): OnPageSettings => ({
  autoClip,
  showMarks,
  showChip,
});
