/**
 * The popup's first questions: its tab, the tab's state and related papers, the recent clips. A small classic
 * script in popup.html asks them while the HTML is parsed, before the popup's modules have loaded (after a
 * browser restart those take 100-200 ms to load and run); the popup's app takes the answers on. The question
 * `tab-related` joins the one the page's report asked: after a restart the index may still be reading itself
 * back, and the popup does not wait for the tab's state to ask.
 */
import { browser } from 'wxt/browser';
import type { StoredPaper } from './db';
import type { PageRelated, TabState } from './messages';
import { send } from './send';

export interface FirstQuestions {
  tab: Promise<number | undefined>;
  state: Promise<TabState>;
  related: Promise<{ related?: PageRelated }>;
  recent: Promise<StoredPaper[]>;
}

/** Where the classic script leaves its questions for the app (an extension page's own window). */
const ASKED = Symbol.for('papershelf.popup-first-questions');

/** `popup.html?tabId=N` shows tab N (tests and people open it in a tab); otherwise the active tab. */
async function targetTabId(): Promise<number | undefined> {
  const param = new URLSearchParams(location.search).get('tabId');
  if (param && /^\d+$/.test(param)) return Number(param);
  const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
  return tab?.id;
}

function ask(): FirstQuestions {
  const tab = targetTabId();
  return {
    tab,
    state: tab.then((id): Promise<TabState> | TabState =>
      id === undefined ? { papers: [], savedIds: [] } : send({ type: 'tab-state', tabId: id }),
    ),
    related: tab.then((id): Promise<{ related?: PageRelated }> | { related?: PageRelated } =>
      id === undefined ? {} : send({ type: 'tab-related', tabId: id }),
    ),
    recent: send({ type: 'recent', limit: 8 }),
  };
}

/** The classic script's part: asks, and keeps the questions (their failures are the app's to show). */
export function askEarly(): void {
  const asked = ask();
  for (const answer of Object.values(asked)) (answer as Promise<unknown>).catch(() => {});
  (globalThis as Record<symbol, unknown>)[ASKED] = asked;
}

/** The app's part: the questions the classic script asked, or asked now if it did not run. */
export function firstQuestions(): FirstQuestions {
  const asked = (globalThis as Record<symbol, unknown>)[ASKED] as FirstQuestions | undefined;
  delete (globalThis as Record<symbol, unknown>)[ASKED];
  return asked ?? ask();
}
