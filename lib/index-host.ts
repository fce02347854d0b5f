/** How the background reaches the library index's worker (entrypoints/index-worker.ts). */
import type { IndexRequestType, Message } from './messages';

/** Marks the background's messages meant for the offscreen document that runs the index (Chrome). */
export const INDEX_HOST = 'papershelf-index-host';

export interface IndexHostMessage {
  target: typeof INDEX_HOST;
  message: Message<IndexRequestType>;
}

/**
 * Whether a message reached the offscreen document from the background service worker: every extension context
 * hears a runtime message, a content script's too, and the index answers only what the background has checked
 * (lib/message-rules.ts).
 */
export function fromBackground(
  sender: { id?: string; url?: string },
  extensionId: string,
  backgroundUrl: string,
) {
  return sender.id === extensionId && sender.url === backgroundUrl;
}
