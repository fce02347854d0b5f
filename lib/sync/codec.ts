/**
 * A paper's record as a document on the sync server, and back. Written plain (`record`) or, with a passphrase,
 * sealed (`sealed`: lib/sync/crypto.ts) under an opaque id. Whatever comes from the server is checked as an
 * import is (the library's own schema, sizes bounded, links http(s) only) and must name the paper its document
 * id names: a document that fails is refused with the reason, and the rest syncs.
 */
import * as v from 'valibot';
import { storedSchema } from '../backup';
import type { StoredPaper } from '../db';
import { decryptText, encryptText, opaqueId, type SyncKeys } from './crypto';
import { clocksSchema } from './schema';

/** The document that says whether the library on the server is encrypted, and checks the passphrase. */
export const KEY_CHECK_ID = 'papershelf-key-check';
/** What the key check seals: a passphrase that opens it is the library's. */
export const KEY_CHECK_TEXT = 'papershelf: the passphrase of this library';
export const FORMAT = 1;
/** A record larger than this is refused: the largest real ones are ~20 KB (a long author list). */
export const MAX_DOCUMENT_CHARS = 1_000_000;

export interface PaperDoc {
  _id: string;
  _rev?: string;
  v: typeof FORMAT;
  record?: StoredPaper;
  sealed?: string;
}

export interface KeyCheckDoc {
  _id: typeof KEY_CHECK_ID;
  _rev?: string;
  v: typeof FORMAT;
  encrypted: boolean;
  salt?: string;
  iterations?: number;
  check?: string;
}

/** A document from the server that Papershelf will not take into the library, and why. */
export class RefusedDocument extends Error {
  constructor(
    readonly docId: string,
    reason: string,
  ) {
    super(reason);
  }
}

const webUrl = v.pipe(v.string(), v.maxLength(4096), v.regex(/^https?:\/\//i, 'is not an http(s) URL'));
const recordSchema = v.object({
  ...storedSchema.entries,
  id: v.pipe(v.string(), v.maxLength(2100), v.regex(/^(arxiv|doi|url):\S/, 'is not a paper id')),
  source: v.object({ ...storedSchema.entries.source.entries, url: webUrl }),
  clocks: clocksSchema,
});

export interface Codec {
  encrypted: boolean;
  docId(id: string): Promise<string>;
  encode(record: StoredPaper): Promise<PaperDoc>;
  /** The record a document holds, checked; RefusedDocument otherwise. */
  decode(doc: PaperDoc): Promise<StoredPaper>;
}

function check(docId: string, value: unknown): StoredPaper {
  const checked = v.safeParse(recordSchema, value);
  if (!checked.success) {
    const issue = checked.issues[0];
    throw new RefusedDocument(docId, `${v.getDotPath(issue) ?? 'the record'} ${issue.message}`);
  }
  return checked.output as StoredPaper;
}

function refuseLarge(docId: string, chars: number): void {
  if (chars > MAX_DOCUMENT_CHARS)
    throw new RefusedDocument(docId, `is larger than ${MAX_DOCUMENT_CHARS / 1e6} MB`);
}

export function plainCodec(): Codec {
  return {
    encrypted: false,
    docId: async (id) => id,
    encode: async (record) => ({ _id: record.id, v: FORMAT, record }),
    decode: async (doc) => {
      refuseLarge(doc._id, JSON.stringify(doc.record ?? null).length);
      const record = check(doc._id, doc.record);
      if (record.id !== doc._id) throw new RefusedDocument(doc._id, 'holds another paper than its id names');
      return record;
    },
  };
}

export function sealedCodec(keys: SyncKeys): Codec {
  const docId = (id: string) => opaqueId(keys, id);
  return {
    encrypted: true,
    docId,
    encode: async (record) => ({
      _id: await docId(record.id),
      v: FORMAT,
      sealed: await encryptText(keys, JSON.stringify(record)),
    }),
    decode: async (doc) => {
      if (typeof doc.sealed !== 'string') throw new RefusedDocument(doc._id, 'is not encrypted');
      refuseLarge(doc._id, doc.sealed.length);
      let text: string;
      try {
        text = await decryptText(keys, doc.sealed);
      } catch {
        throw new RefusedDocument(doc._id, "cannot be opened with this library's passphrase");
      }
      refuseLarge(doc._id, text.length);
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch {
        throw new RefusedDocument(doc._id, 'is not JSON');
      }
      const record = check(doc._id, value);
      if ((await docId(record.id)) !== doc._id)
        throw new RefusedDocument(doc._id, 'holds another paper than its id names');
      return record;
    },
  };
}
