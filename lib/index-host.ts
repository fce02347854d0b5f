/** How the background reaches the library index's worker (entrypoints/index-worker.ts), and hears from it. */
import type { IndexRequestType, Message } from './messages';
import type { WorkerNotice } from './worker-client';

/** Marks the messages between the background and the offscreen document that runs the index (Chrome). */
export const INDEX_HOST = 'papershelf-index-host';

/** The background -> the offscreen document: a request for the index, already checked. */
export interface IndexHostMessage {
  target: typeof INDEX_HOST;
  message: Message<IndexRequestType>;
}

/** The offscreen document -> the background: the index worker's notice, passed on. */
export interface IndexHostNotice extends WorkerNotice {
  source: typeof INDEX_HOST;
}

export const isIndexHostNotice = (message: unknown): message is IndexHostNotice =>
  (message as Partial<IndexHostNotice>)?.source === INDEX_HOST;

/**
 * Whether a message came from the extension's own context at `url` (the background service worker, the
 * offscreen document): every extension context hears a runtime message, a content script's too, so the index
 * answers only what the background has checked (lib/message-rules.ts), and the background takes notices only
 * from the offscreen document.
 */
export function sentFrom(sender: { id?: string; url?: string }, extensionId: string, url: string) {
  return sender.id === extensionId && sender.url === url;
}
