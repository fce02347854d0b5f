import { browser } from 'wxt/browser';
import { fromBackground, INDEX_HOST, type IndexHostMessage } from '@/lib/index-host';
import { workerClient } from '@/lib/worker-client';

// Chrome's service worker cannot start a worker, and stops after 30 s idle: this offscreen document, which
// Chrome keeps, starts the library index's worker and passes the background's requests on to it.
const ask = workerClient(new Worker(browser.runtime.getURL('/index-worker.js')));

const BACKGROUND = browser.runtime.getURL('/background.js');

browser.runtime.onMessage.addListener((message: IndexHostMessage, sender, sendResponse) => {
  if (message?.target !== INDEX_HOST || !fromBackground(sender, browser.runtime.id, BACKGROUND)) return;
  ask(message.message).then(sendResponse);
  return true;
});
