import { browser } from 'wxt/browser';
import { INDEX_HOST, type IndexHostMessage, type IndexHostNotice, sentFrom } from '@/lib/index-host';
import { workerClient } from '@/lib/worker-client';

// Chrome's service worker cannot start a worker, and stops after 30 s idle: this offscreen document, which
// Chrome keeps, starts the library index's worker, passes the background's requests on to it, and the
// worker's notices (an import wrote to the library) back to the background, which tells the tabs.
const ask = workerClient(new Worker(browser.runtime.getURL('/index-worker.js')), (notice) => {
  browser.runtime.sendMessage({ ...notice, source: INDEX_HOST } satisfies IndexHostNotice).catch(() => {});
});

const BACKGROUND = browser.runtime.getURL('/background.js');

browser.runtime.onMessage.addListener((message: IndexHostMessage, sender, sendResponse) => {
  if (message?.target !== INDEX_HOST || !sentFrom(sender, browser.runtime.id, BACKGROUND)) return;
  ask(message.message).then(sendResponse);
  return true;
});
