/**
 * Styles of the on-page views, inside their closed shadow roots: the page's styles cannot reach them, and theirs
 * cannot reach the page. Hosts are placed by their inline style (`HOST_STYLE`), which outranks any page rule:
 * zero size and out of flow, so that the page's layout never moves.
 *
 * Nothing a view shows may tell the page what the library holds, so:
 * - every label is CSS generated content (`content: attr(data-label)`): the page's `window.find()` searches text
 *   inside closed shadow roots (and in Firefox hands back a node inside one), never generated content;
 * - every view has one size and one hit area whatever it shows (`elementFromPoint` probing and the host's scroll
 *   size see the box, never what is in it): a saved entry's mark and an unsaved one's are the same box.
 */
const FONT = 'font: 12px/1.4 system-ui, -apple-system, "Segoe UI", sans-serif; letter-spacing: normal;';

/** Inline style of a mark's host: no size, out of flow, at its static position (the end of a line, a corner). */
export const MARK_HOST_STYLE =
  'all: initial !important; display: inline !important; position: absolute !important; width: 0 !important; ' +
  'height: 0 !important; margin: 0 !important; padding: 0 !important; border: 0 !important; ' +
  'overflow: visible !important; pointer-events: none !important;';

/** Inline style of the chip's (or a listing's control's) host: fixed in the bottom-right corner, above the page. */
export const CHIP_HOST_STYLE =
  'all: initial !important; position: fixed !important; right: 16px !important; bottom: 16px !important; ' +
  'z-index: 2147483646 !important; width: 0 !important; height: 0 !important; overflow: visible !important;';

/** The one box of every mark, in px: its state changes what is drawn in it, never its size. */
export const MARK_BOX = { width: 132, height: 20 };
/** The one box of the chip and of a listing's control. */
export const CHIP_BOX = { width: 264, height: 32 };
/** The panel's frame, opened by a person's click above the chip. */
export const PANEL_BOX = { width: 380, height: 440 };

const LABELS = `[data-label]::before { content: attr(data-label); }`;

export const MARK_CSS = `
.box { position: absolute; top: 0; left: 6px; width: ${MARK_BOX.width}px; height: ${MARK_BOX.height}px;
  overflow: hidden; display: flex; gap: 4px; align-items: center; pointer-events: auto; z-index: 2147483000;
  ${FONT} }
.box.corner { top: 8px; left: 8px; }
.mark, .clip { border-radius: 999px; padding: 0 7px; border: 1px solid; font: inherit; line-height: 18px;
  height: 20px; box-sizing: border-box; display: inline-flex; align-items: center; white-space: nowrap;
  flex: none; margin: 0; }
.mark[data-state='saved'] { background: #e6f4ea; color: #1e5b22; border-color: #7cb482; }
.mark[data-state='related'] { background: #e8f0fb; color: #174a8b; border-color: #88a9d8; cursor: pointer; }
.clip { background: #fff; color: #333; border-color: #aaa; cursor: pointer; }
.clip:hover, .mark[data-state='related']:hover { filter: brightness(0.95); }
.clip[aria-busy='true'] { cursor: progress; opacity: 0.7; }
.clip[data-problem] { color: #b00020; border-color: #b00020; }
.mark:focus-visible, .clip:focus-visible { outline: 2px solid #1a5fb4; outline-offset: 1px; }
.box:focus { outline: none; }
.box.shown { outline: 3px solid #f5c211; outline-offset: 2px; border-radius: 999px; }
${LABELS}
`;

export const CHIP_CSS = `
.chip-box { position: absolute; right: 0; bottom: 0; width: ${CHIP_BOX.width}px; height: ${CHIP_BOX.height}px;
  display: flex; gap: 6px; align-items: center; justify-content: flex-end; ${FONT} font-size: 13px; color: #222; }
.chip, .chip-clip { border: 1px solid #c8c8c8; background: #fff; color: #222; border-radius: 999px;
  padding: 0 12px; height: ${CHIP_BOX.height}px; box-sizing: border-box; font: inherit; cursor: pointer;
  box-shadow: 0 1px 4px rgba(0, 0, 0, 0.15); white-space: nowrap; overflow: hidden; text-overflow: ellipsis;
  flex: none; max-width: ${CHIP_BOX.width}px; margin: 0; }
.chip[data-saved='true'] { border-color: #7cb482; }
.chip:hover, .chip-clip:hover { filter: brightness(0.96); }
.chip-clip { background: #1a5fb4; border-color: #1a5fb4; color: #fff; }
.chip-clip[data-problem] { background: #b00020; border-color: #b00020; }
.chip-box:focus { outline: none; }
.chip:focus-visible, .chip-clip:focus-visible { outline: 2px solid #1a5fb4; outline-offset: 2px; }
.panel { position: absolute; right: 0; bottom: ${CHIP_BOX.height + 8}px; width: ${PANEL_BOX.width}px;
  height: ${PANEL_BOX.height}px; max-width: calc(100vw - 32px); max-height: calc(100vh - ${CHIP_BOX.height + 40}px);
  border: 1px solid #c8c8c8; border-radius: 10px; box-shadow: 0 4px 16px rgba(0, 0, 0, 0.2); background: #fff;
  color-scheme: light dark; }
@media (prefers-color-scheme: dark) {
  .chip, .panel { background: #1e1e1e; color: #eee; border-color: #555; }
}
${LABELS}
`;
