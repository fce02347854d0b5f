/** Reader preferences, kept in extension storage (synced where the browser syncs). */
export interface Settings {
  /** Clip a paper as soon as its page is visited; off means the popup's toggle clips. */
  autoClip: boolean;
}

export const DEFAULT_SETTINGS: Settings = { autoClip: true };
