/** Sends a typed message to the background and unwraps its reply; errors cross contexts as messages. */
import { browser } from 'wxt/browser';
import type { Message, Reply, Requests, RequestType } from './messages';

export async function send<K extends RequestType>(message: Message<K>): Promise<Requests[K]['response']> {
  return unwrap((await browser.runtime.sendMessage(message)) as Reply<K> | undefined);
}

/** A reply's value, or its error thrown. */
export function unwrap<K extends RequestType>(reply: Reply<K> | undefined): Requests[K]['response'] {
  if (!reply) throw new Error('Papershelf is not answering; reload the extension.');
  if (!reply.ok) throw new Error(reply.error);
  return reply.value;
}
