/**
 * The library page's and the popup's searches: straight to the index worker once it is there, else through the
 * background (lib/index-channel.ts). Only for the extension's own pages: a content script's channel would be
 * the web page's.
 */
import { browser } from 'wxt/browser';
import { channelSearch } from './index-channel';
import type { Message, Reply, Requests } from './messages';
import { unwrap } from './send';

const search = channelSearch((message) => browser.runtime.sendMessage(message) as Promise<Reply<'search'>>);

export async function sendSearch(message: Message<'search'>): Promise<Requests['search']['response']> {
  return unwrap<'search'>(await search(message));
}
