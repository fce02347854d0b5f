/**
 * Styles of the on-page views, inside their shadow roots: the page's styles cannot reach them, and theirs
 * cannot reach the page. Hosts are sized and placed by their inline style (`HOST_STYLE`), which outranks any
 * page rule: zero size and out of flow for the marks, so that the page's layout never moves.
 */
const FONT = 'font: 12px/1.4 system-ui, -apple-system, "Segoe UI", sans-serif; letter-spacing: normal;';

/** Inline style of a mark's host: no size, out of flow, at its static position (the end of a line, a corner). */
export const MARK_HOST_STYLE =
  'all: initial !important; display: inline !important; position: absolute !important; width: 0 !important; ' +
  'height: 0 !important; margin: 0 !important; padding: 0 !important; border: 0 !important; ' +
  'overflow: visible !important; pointer-events: none !important;';

/** Inline style of the chip's host: fixed in the bottom-right corner, above the page. */
export const CHIP_HOST_STYLE =
  'all: initial !important; position: fixed !important; right: 16px !important; bottom: 16px !important; ' +
  'z-index: 2147483646 !important; width: 0 !important; height: 0 !important; overflow: visible !important;';

export const MARK_CSS = `
.marks { position: absolute; top: 0; left: 6px; display: flex; gap: 4px; align-items: center;
  white-space: nowrap; pointer-events: auto; z-index: 2147483000; ${FONT} }
.marks.corner { top: 8px; left: 8px; }
.mark, .clip { border-radius: 999px; padding: 0 7px; border: 1px solid; font: inherit; line-height: 18px;
  height: 20px; box-sizing: border-box; display: inline-flex; align-items: center; gap: 3px; }
.mark[data-state='saved'] { background: #e6f4ea; color: #1e5b22; border-color: #7cb482; }
.mark[data-state='related'] { background: #e8f0fb; color: #174a8b; border-color: #88a9d8; cursor: help; }
.clip { background: #fff; color: #333; border-color: #aaa; cursor: pointer; }
.clip:hover { background: #f2f2f2; border-color: #666; }
.clip:disabled { cursor: progress; opacity: 0.7; }
.error { color: #b00020; background: #fff; padding: 0 4px; border-radius: 4px; }
`;

export const CHIP_CSS = `
.chip-box { position: absolute; right: 0; bottom: 0; display: flex; flex-direction: column; align-items: flex-end;
  gap: 8px; ${FONT} font-size: 13px; color: #222; }
.chip-row { display: flex; gap: 6px; align-items: center; }
.chip, .chip-clip { border: 1px solid #c8c8c8; background: #fff; color: #222; border-radius: 999px;
  padding: 5px 12px; font: inherit; cursor: pointer; box-shadow: 0 1px 4px rgba(0, 0, 0, 0.15);
  white-space: nowrap; }
.chip[data-saved='true'] { border-color: #7cb482; }
.chip:hover, .chip-clip:hover { background: #f4f4f4; }
.chip-clip { background: #1a5fb4; border-color: #1a5fb4; color: #fff; }
.chip-clip:hover { background: #174f96; }
.panel { width: 360px; max-width: calc(100vw - 32px); max-height: 60vh; overflow: auto; background: #fff;
  border: 1px solid #c8c8c8; border-radius: 10px; box-shadow: 0 4px 16px rgba(0, 0, 0, 0.2); padding: 10px 14px; }
.panel h2 { font-size: 13px; margin: 4px 0 6px; color: #555; font-weight: 600; }
.panel ol { margin: 0; padding: 0; list-style: none; }
.panel li { padding: 5px 0; border-top: 1px solid #eee; }
.panel li:first-child { border-top: 0; }
.panel a { color: #1a5fb4; text-decoration: none; }
.panel a:hover { text-decoration: underline; }
.byline, .reason { display: block; color: #666; font-size: 12px; }
.reason { color: #2f6b34; }
.empty { color: #666; margin: 4px 0; }
.links li { display: flex; gap: 6px; align-items: baseline; }
.link-kind { color: #666; min-width: 4.5em; }
.link-official { color: #2f6b34; font-size: 11px; }
.link-copy { margin-left: auto; font: inherit; font-size: 11px; border: 1px solid #ccc; background: #fafafa;
  border-radius: 4px; cursor: pointer; }
.error { color: #b00020; }
`;
