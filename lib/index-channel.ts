/**
 * Searches from the extension's pages straight to the library index's worker, on a BroadcastChannel. A channel
 * is shared by the contexts of one origin only: the extension's pages and workers. Web pages and content
 * scripts (which run in the page's origin) cannot open it. A search so skips the four hops through the
 * background and the offscreen document, 2-3 ms each when warm.
 *
 * Only `search` goes this way, the request the reader waits for at every keystroke, checked by the same rules
 * as through the background (lib/message-rules.ts). Once the worker has said it is there, a page sends it
 * this way only; with no answer within `timeoutMs` (the worker stopped with its offscreen document), the
 * search goes through the background, which starts the worker again. Before that, both ways at once.
 */
import { checkMessage } from './message-rules';
import type { IndexRequestType, Message, Reply } from './messages';

const CHANNEL = 'papershelf-index';
/** How long a page waits for the worker on the channel before asking through the background. */
const TIMEOUT_MS = 3000;

type Search = Message<'search'>;

type ChannelMessage =
  /** The worker, as it starts and when asked: searches may come this way. */
  | { kind: 'here' }
  /** A page opening: is the worker there? */
  | { kind: 'who' }
  | { kind: 'ask'; from: string; id: number; message: Search }
  | { kind: 'answer'; to: string; id: number; reply: Reply<'search'> };

/** The worker's side: answers searches with `handle`, errors as readable messages. */
export function serveChannel(
  handle: (message: Message<IndexRequestType>) => Promise<unknown>,
  channel = new BroadcastChannel(CHANNEL),
): BroadcastChannel {
  const post = (message: ChannelMessage) => channel.postMessage(message);
  channel.onmessage = ({ data }: MessageEvent<ChannelMessage>) => {
    if (data?.kind === 'who') post({ kind: 'here' });
    if (data?.kind !== 'ask' || data.message?.type !== 'search') return;
    const { from, id } = data;
    // Checked as the background checks what an extension page sends: only the extension's pages are here.
    Promise.resolve()
      .then(() => handle(checkMessage(data.message, { role: 'extension' }) as Search))
      .then(
        (value) => post({ kind: 'answer', to: from, id, reply: { ok: true, value } as Reply<'search'> }),
        (error: unknown) =>
          post({
            kind: 'answer',
            to: from,
            id,
            reply: { ok: false, error: error instanceof Error ? error.message : String(error) },
          }),
      );
  };
  post({ kind: 'here' });
  return channel;
}

/**
 * A page's side: a search sent straight to the worker once it is there, else (and when it does not answer)
 * through `viaBackground`.
 */
export function channelSearch(
  viaBackground: (message: Search) => Promise<Reply<'search'>>,
  { channel = new BroadcastChannel(CHANNEL), timeoutMs = TIMEOUT_MS } = {},
): (message: Search) => Promise<Reply<'search'>> {
  const me = crypto.randomUUID();
  const post = (message: ChannelMessage) => channel.postMessage(message);
  const pending = new Map<number, (reply: Reply<'search'>) => void>();
  let workerThere = false;
  let next = 0;
  channel.onmessage = ({ data }: MessageEvent<ChannelMessage>) => {
    if (data?.kind === 'here') workerThere = true;
    else if (data?.kind === 'answer' && data.to === me) pending.get(data.id)?.(data.reply);
  };
  post({ kind: 'who' });

  /**
   * Before the worker has said it is there (the page has just opened, perhaps as the browser starts, when the
   * background takes 20-60 ms to answer anything): asked both ways, the first answer taken. An answer
   * `overtaken` (the worker ran both copies for one client, the later overtaking the earlier) or the background's
   * failure waits up to `timeoutMs` for the other way's answer.
   */
  const eitherWay = (message: Search) =>
    new Promise<Reply<'search'>>((resolve, reject) => {
      const id = next++;
      let timer: ReturnType<typeof setTimeout> | undefined;
      let held: (() => void) | undefined;
      const settle = (finish: () => void) => {
        if (!pending.delete(id)) return;
        clearTimeout(timer);
        finish();
      };
      const weak = (finish: () => void) => {
        if (held) return settle(held);
        held = finish;
        timer = setTimeout(() => settle(finish), timeoutMs);
      };
      const take = (reply: Reply<'search'>) => {
        if (reply.ok && reply.value.overtaken) weak(() => resolve(reply));
        else settle(() => resolve(reply));
      };
      pending.set(id, (reply) => {
        workerThere = true;
        take(reply);
      });
      post({ kind: 'ask', from: me, id, message });
      viaBackground(message).then(take, (error: unknown) => weak(() => reject(error)));
    });

  return (message) => {
    if (!workerThere) return eitherWay(message);
    return new Promise((resolve) => {
      const id = next++;
      const timer = setTimeout(() => {
        pending.delete(id);
        workerThere = false;
        post({ kind: 'who' });
        resolve(viaBackground(message));
      }, timeoutMs);
      pending.set(id, (reply) => {
        clearTimeout(timer);
        pending.delete(id);
        resolve(reply);
      });
      post({ kind: 'ask', from: me, id, message });
    });
  };
}
