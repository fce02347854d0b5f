/** Requests to the library index's worker over postMessage, each answered by the reply with its number. */
import type { IndexRequestType, Message, Reply } from './messages';

export interface WorkerRequest {
  id: number;
  message: Message<IndexRequestType>;
}

export interface WorkerReply {
  id: number;
  reply: Reply<IndexRequestType>;
}

/** What the worker says unasked: it wrote to the library (an import), so the tabs are to be told. */
export interface WorkerNotice {
  notice: 'library-changed';
}

/**
 * A worker that answers WorkerRequests; a worker that fails to start fails every pending request. Its notices
 * go to `onNotice`.
 */
export function workerClient(
  worker: Worker,
  onNotice: (notice: WorkerNotice) => void = () => {},
): (message: Message<IndexRequestType>) => Promise<Reply<IndexRequestType>> {
  let next = 0;
  const pending = new Map<number, (reply: Reply<IndexRequestType>) => void>();
  worker.addEventListener('message', ({ data }: MessageEvent<WorkerReply | WorkerNotice>) => {
    if ('notice' in data) {
      onNotice(data);
      return;
    }
    pending.get(data.id)?.(data.reply);
    pending.delete(data.id);
  });
  worker.addEventListener('error', (event) => {
    for (const resolve of pending.values()) {
      resolve({ ok: false, error: `The library index stopped: ${event.message || 'unknown error'}` });
    }
    pending.clear();
  });
  return (message) =>
    new Promise((resolve) => {
      const id = next++;
      pending.set(id, resolve);
      worker.postMessage({ id, message } satisfies WorkerRequest);
    });
}

/** The worker's side: answers each request with `handle`, errors as readable messages. */
export function serveRequests(
  scope: {
    onmessage: ((event: MessageEvent<WorkerRequest>) => void) | null;
    postMessage(reply: WorkerReply | WorkerNotice): void;
  },
  handle: (message: Message<IndexRequestType>) => Promise<unknown>,
): void {
  scope.onmessage = ({ data: { id, message } }) => {
    handle(message).then(
      (value) => scope.postMessage({ id, reply: { ok: true, value } as Reply<IndexRequestType> }),
      (error: unknown) =>
        scope.postMessage({
          id,
          reply: { ok: false, error: error instanceof Error ? error.message : String(error) },
        }),
    );
  };
}
