/** How the background reaches the library index's worker (entrypoints/index-worker.ts). */
import type { IndexRequestType, Message } from './messages';

/** Marks the background's messages meant for the offscreen document that runs the index (Chrome). */
export const INDEX_HOST = 'papershelf-index-host';

export interface IndexHostMessage {
  target: typeof INDEX_HOST;
  message: Message<IndexRequestType>;
}
