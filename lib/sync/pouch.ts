/**
 * PouchDB as sync uses it: its core with the IndexedDB adapter (the local copy), the HTTP adapter (the server,
 * through `fetch` only) and replication. pouchdb-core and its plugins rather than pouchdb-browser: no map/reduce.
 */

import http from 'pouchdb-adapter-http';
import idb from 'pouchdb-adapter-idb';
import PouchDB from 'pouchdb-core';
import replication from 'pouchdb-replication';
import type { PouchStatic } from './engine';

export const SyncPouch = PouchDB.plugin(idb).plugin(http).plugin(replication) as unknown as PouchStatic;
