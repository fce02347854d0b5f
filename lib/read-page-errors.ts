/**
 * Why "Clip this page" could not read a tab, in words a reader can act on. The browser's own messages
 * (`scripting.executeScript` rejections) say it for developers; each known case gets its own sentence.
 */
export function readPageError(browserMessage: string): string {
  const said = browserMessage.toLowerCase();
  if (/no tab with id|tab was closed|no frame/.test(said))
    return 'The tab was closed before Papershelf could read it.';
  if (/error page|frame with id \d+ is showing/.test(said)) {
    return 'The page did not load (the browser shows an error page): reload it, then clip it again.';
  }
  if (/file:|file url/.test(said)) {
    return "To clip a file on your computer, allow Papershelf access to file URLs in the browser's extension settings.";
  }
  if (
    /chrome:|about:|extensions gallery|webstore|cannot be scripted|moz-extension:|chrome-extension:|privileged/.test(
      said,
    )
  ) {
    return "Browser pages and extension stores can't be read.";
  }
  if (/permission|cannot access|missing host/.test(said)) {
    return 'Papershelf may read this page only when you ask on it: click its toolbar button on the page (or use its right-click menu), then "Clip this page".';
  }
  return `Papershelf could not read this page: ${browserMessage}`;
}

/** The injected reader ran but threw, or gave nothing back: that is not "no paper on this page". */
export const READER_FAILED =
  "Papershelf's reader failed on this page; nothing was changed. Reload the page and try again.";
