/**
 * When a PDF counts as read: its tab has finished loading and the reader has had it in front of them for a
 * moment (the active tab of the focused window, `READ_AFTER_MS`). A PDF has no page a content script could read,
 * so its paper comes from the URL alone, and any site can open a window and walk it through PDF URLs: clipped
 * on load, ten PDFs in five seconds would be ten papers; clipped once read, at most the one left in front.
 */

export const READ_AFTER_MS = 2000;

export interface PdfReadingDeps {
  /** The tab's PDF URL, if the tab is loaded, active and in the focused window; else undefined. */
  inFront(tabId: number): Promise<string | undefined>;
  /** The reader read the PDF at `url` in the tab. */
  read(tabId: number, url: string): void;
  delayMs?: number;
}

export function pdfReading(deps: PdfReadingDeps) {
  const waiting = new Map<number, ReturnType<typeof setTimeout>>();
  /** What each tab has been read at, so that coming back to a tab does not clip its PDF again. */
  const readAt = new Map<number, string>();
  const stop = (tabId: number) => {
    clearTimeout(waiting.get(tabId));
    waiting.delete(tabId);
  };
  return {
    /** The tab may now be in front (it loaded, it was activated, its window was focused): watch it. */
    async consider(tabId: number): Promise<void> {
      stop(tabId);
      const url = await deps.inFront(tabId);
      if (!url || readAt.get(tabId) === url) return;
      waiting.set(
        tabId,
        setTimeout(async () => {
          waiting.delete(tabId);
          if ((await deps.inFront(tabId).catch(() => undefined)) !== url || readAt.get(tabId) === url) return;
          readAt.set(tabId, url);
          deps.read(tabId, url);
        }, deps.delayMs ?? READ_AFTER_MS),
      );
    },
    /** The tab navigated or closed. */
    forget(tabId: number): void {
      stop(tabId);
      readAt.delete(tabId);
    },
  };
}
