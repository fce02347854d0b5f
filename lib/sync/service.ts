/** Sync's side of the message contract, answered in the library index's worker (lib/index-service.ts). */
import type { Message, Requests, SyncRequestType } from '../messages';
import type { SyncEngine } from './engine';

type SyncHandlers = {
  [K in SyncRequestType]: (message: Message<K>) => Promise<Requests[K]['response']>;
};

/** Each request answered with where sync stands after it; `sync-connect` rejects with what is wrong. */
export function syncHandlers(engine: SyncEngine | undefined): SyncHandlers {
  const status = async () => (engine ? engine.status() : { state: 'off' as const });
  return {
    'sync-status': status,
    'sync-connect': async ({ url, user, password, passphrase }) => {
      if (!engine) throw new Error('Sync is not available here.');
      await engine.connect({ url, user, password, passphrase });
      return status();
    },
    'sync-now': async () => {
      await engine?.syncNow();
      return status();
    },
    'sync-disconnect': async () => {
      await engine?.disconnect();
      return status();
    },
  };
}
