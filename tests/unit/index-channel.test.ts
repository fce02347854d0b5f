/**
 * Searches from the extension's pages straight to the index worker (lib/index-channel.ts), over real
 * BroadcastChannels (Node has them): used only once the worker is there, answered to the page that asked,
 * only for `search`, and sent through the background when the worker does not answer.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { channelSearch, serveChannel } from '../../lib/index-channel';
import type { Message, Reply } from '../../lib/messages';

const NAME = `papershelf-index-test-${Math.random()}`;
const channels: BroadcastChannel[] = [];
const open = () => {
  const channel = new BroadcastChannel(NAME);
  channels.push(channel);
  return channel;
};
afterEach(() => {
  for (const channel of channels.splice(0)) channel.close();
});

const search = (query: string): Message<'search'> => ({ type: 'search', query, limit: 10 });
const answer = (ids: string[]) => ({
  total: ids.length,
  ids,
  status: { state: 'ready' as const, done: 1, total: 1 },
});
const found = (ids: string[]): Reply<'search'> => ({ ok: true, value: answer(ids) });
/** The worker's index: answers a search with the query as its one id. */
const worker = vi.fn(async (message: Message) => answer([`worker:${(message as Message<'search'>).query}`]));
const background = vi.fn(async (message: Message<'search'>) => found([`background:${message.query}`]));
/** Settles once the page heard the worker say it is there. */
const heard = () => new Promise((resolve) => setTimeout(resolve, 50));

describe('searches straight to the index worker', () => {
  it('go through the background until the worker is there, then straight to it', async () => {
    const ask = channelSearch(background, { channel: open() });
    expect(await ask(search('before'))).toEqual(found(['background:before']));
    serveChannel(worker, open());
    await heard();
    expect(await ask(search('after'))).toEqual(found(['worker:after']));
    expect(background).toHaveBeenCalledTimes(1);
  });

  it('reach a worker started before the page (the page asks who is there)', async () => {
    serveChannel(worker, open());
    const ask = channelSearch(background, { channel: open() });
    await heard();
    expect(await ask(search('q'))).toEqual(found(['worker:q']));
  });

  it('are answered to the page that asked, each its own answer', async () => {
    serveChannel(worker, open());
    const first = channelSearch(background, { channel: open() });
    const second = channelSearch(background, { channel: open() });
    await heard();
    const answers = await Promise.all([first(search('one')), second(search('two')), first(search('three'))]);
    expect(answers).toEqual([found(['worker:one']), found(['worker:two']), found(['worker:three'])]);
  });

  it("carry the worker's error as a readable message", async () => {
    serveChannel(async () => Promise.reject(new Error('The index failed')), open());
    const ask = channelSearch(background, { channel: open() });
    await heard();
    expect(await ask(search('q'))).toEqual({ ok: false, error: 'The index failed' });
  });

  it('are the only requests the worker takes on the channel', async () => {
    const handle = vi.fn(async () => answer([]));
    serveChannel(handle, open());
    const page = open();
    page.postMessage({ kind: 'ask', from: 'page', id: 0, message: { type: 'remove', ids: ['arxiv:1'] } });
    await heard();
    expect(handle).not.toHaveBeenCalled();
  });

  it('are checked by the rules of the background: a malformed search is refused, not run', async () => {
    const handle = vi.fn(async () => answer([]));
    serveChannel(handle, open());
    const ask = channelSearch(background, { channel: open() });
    await heard();
    const tooLong = await ask(search('x'.repeat(5000)));
    expect(tooLong.ok).toBe(false);
    expect(tooLong.ok ? '' : tooLong.error).toMatch(/^Papershelf refused "search"/);
    expect(handle).not.toHaveBeenCalled();
  });

  it('go through the background when the worker stopped answering', async () => {
    const served = serveChannel(worker, open());
    const ask = channelSearch(background, { channel: open(), timeoutMs: 100 });
    await heard();
    served.close();
    expect(await ask(search('gone'))).toEqual(found(['background:gone']));
    // And from then on, without waiting, until a worker says it is there again.
    const started = Date.now();
    expect(await ask(search('again'))).toEqual(found(['background:again']));
    expect(Date.now() - started).toBeLessThan(100);
  });
  it('asked before the page has heard the worker, go both ways at once: the first answer is taken', async () => {
    serveChannel(worker, open());
    const slow = vi.fn(
      (message: Message<'search'>) =>
        new Promise<Reply<'search'>>((resolve) =>
          setTimeout(() => resolve(found([`background:${message.query}`])), 1000),
        ),
    );
    // Asked at once, as a page opening sends its first search: the worker has not said it is there yet.
    const started = Date.now();
    expect(await channelSearch(slow, { channel: open() })(search('first'))).toEqual(found(['worker:first']));
    expect(Date.now() - started).toBeLessThan(1000);
    expect(slow).toHaveBeenCalledTimes(1);
    // No worker on the channel: the background's answer.
    const alone = channelSearch(background, { channel: open(), timeoutMs: 100 });
    channels[0]?.close();
    expect(await alone(search('alone'))).toEqual(found(['background:alone']));
  });

  it('asked both ways, an answer the other copy overtook, or a failure, waits for the other answer', async () => {
    serveChannel(worker, open());
    const overtaken: Reply<'search'> = { ok: true, value: { ...answer([]), overtaken: true } };
    const overtakenFirst = channelSearch(async () => overtaken, { channel: open() });
    expect(await overtakenFirst(search('q'))).toEqual(found(['worker:q']));
    const failing = channelSearch(async () => Promise.reject(new Error('no background')), {
      channel: open(),
    });
    expect(await failing(search('q'))).toEqual(found(['worker:q']));
    // Nobody else answers: the failure, after a while.
    channels[0]?.close();
    const nobody = channelSearch(async () => Promise.reject(new Error('no background')), {
      channel: open(),
      timeoutMs: 100,
    });
    await expect(nobody(search('q'))).rejects.toThrow('no background');
  });
});
