/**
 * What reaches the sync server and what is taken from it (lib/sync/codec.ts, crypto.ts, server.ts): records
 * sealed with a fresh IV under an opaque id, nothing of them in clear; a changed byte, another key or a hostile
 * record refused; the passphrase checked against the library's key check before anything is read.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { StoredPaper } from '../../lib/db';
import { newRecord } from '../../lib/library';
import type { Paper } from '../../lib/paper';
import { paperFromLine } from '../../lib/reading-list';
import { type Codec, KEY_CHECK_ID, plainCodec, RefusedDocument, sealedCodec } from '../../lib/sync/codec';
import { deriveKeys, newSalt } from '../../lib/sync/crypto';
import { databaseUrl, SyncProblem, unlock, WRONG_PASSPHRASE } from '../../lib/sync/server';

const [line] = readFileSync('tests/fixtures/library/cs-2025-80-with-8-tokenizer-papers.jsonl', 'utf8').split(
  '\n',
);
const paper: Paper = paperFromLine(line as string, 1);
const record: StoredPaper = {
  ...newRecord(paper, 1000, true),
  note: 'my own thoughts on this',
  tags: ['vision'],
};

// Fewer iterations than the extension's 600,000 keep these tests quick; the derivation is the same.
const keys = await deriveKeys('correct horse battery staple', newSalt(), 1000);

async function refusal(codec: Codec, doc: object): Promise<string> {
  try {
    await codec.decode(doc as never);
  } catch (error) {
    if (error instanceof RefusedDocument) return error.message;
    throw error;
  }
  return 'accepted';
}

describe('a sealed document', () => {
  it('holds nothing of the record in clear, under an id that names no paper; opened, it is the record', async () => {
    const codec = sealedCodec(keys);
    const doc = await codec.encode(record);
    const text = JSON.stringify(doc);
    for (const secret of [
      paper.title,
      paper.authors?.[0],
      paper.abstract?.slice(0, 30),
      paper.arxivId,
      'my own thoughts',
      'vision',
    ])
      expect(text).not.toContain(secret);
    expect(doc._id).toMatch(/^p-[A-Za-z0-9_-]{22}$/);
    // The same paper, the same document on every device with the passphrase.
    expect(await codec.docId(record.id)).toBe(doc._id);
    expect(await codec.decode(doc)).toEqual(record);
  });

  it('is written with a fresh IV each time', async () => {
    const codec = sealedCodec(keys);
    const [one, two] = await Promise.all([codec.encode(record), codec.encode(record)]);
    expect(one.sealed).not.toBe(two.sealed);
  });

  it('changed by one byte, or opened with another passphrase, is refused', async () => {
    const doc = await sealedCodec(keys).encode(record);
    const sealed = doc.sealed as string;
    const flipped = `${sealed.slice(0, 40)}${sealed[40] === 'A' ? 'B' : 'A'}${sealed.slice(41)}`;
    expect(await refusal(sealedCodec(keys), { ...doc, sealed: flipped })).toMatch(/cannot be opened/);
    const other = sealedCodec(await deriveKeys('another passphrase', newSalt(), 1000));
    expect(await refusal(other, doc)).toMatch(/cannot be opened/);
  });
});

describe('a document from the server is checked as an import is', () => {
  const plain = plainCodec();
  const doc = (changes: object, id = record.id) => ({
    _id: id,
    v: 1 as const,
    record: { ...record, ...changes },
  });

  it.each([
    [
      'a javascript: link',
      { links: [{ url: 'javascript:alert(1)', kind: 'code', host: 'x' }] },
      'links.0.url is not an http(s) URL',
    ],
    ['a 50 MB abstract', { abstract: 'a'.repeat(50_000_000) }, 'is larger than 1 MB'],
    ['a title that is not text', { title: 42 }, /^title /],
    [
      'a page that is not http(s)',
      { source: { site: 'web', kind: 'citation-meta', url: 'javascript:void(0)' } },
      'source.url is not an http(s) URL',
    ],
    ['no clocks', { clocks: undefined }, /^clocks /],
    [
      'ten thousand authors of a kilobyte',
      { authors: Array(10_000).fill('x'.repeat(1000)) },
      'is larger than 1 MB',
    ],
  ])('%s is refused with the reason', async (_, changes, reason) => {
    const message = await refusal(plain, doc(changes));
    if (typeof reason === 'string') expect(message).toBe(reason);
    else expect(message).toMatch(reason);
  });

  it('a document that names one paper and holds another is refused', async () => {
    expect(await refusal(plain, doc({}, 'arxiv:2501.00001'))).toBe('holds another paper than its id names');
    const sealed = sealedCodec(keys);
    const other = await sealed.encode({ ...record, id: 'arxiv:2501.00001' });
    expect(await refusal(sealed, { ...other, _id: await sealed.docId(record.id) })).toBe(
      'holds another paper than its id names',
    );
  });

  it('a good one is taken as it is', async () => {
    expect(await plain.decode(doc({}))).toEqual(record);
  });
});

describe('the library on the server and the passphrase', () => {
  it('a new library is set up encrypted with a passphrase, plain without; the key check opens only with it', async () => {
    const { created, keys: made } = await unlock(undefined, 0, 'secret words');
    expect(created).toMatchObject({ _id: KEY_CHECK_ID, encrypted: true, iterations: 600_000 });
    expect(JSON.stringify(created)).not.toContain('secret words');
    expect(made).toBeDefined();
    const again = await unlock(created, 10, 'secret words');
    expect(again.created).toBeUndefined();
    // The keys opened again are the same: what one device seals, the other opens.
    const sealedHere = await sealedCodec(made as never).encode(record);
    expect(await sealedCodec(again.keys as never).decode(sealedHere)).toEqual(record);
    await expect(unlock(created, 10, 'other words')).rejects.toThrow(WRONG_PASSPHRASE);
    await expect(unlock(created, 10, '')).rejects.toThrow(/encrypted: enter its passphrase/);
    expect((await unlock(undefined, 0, '')).created).toMatchObject({ encrypted: false });
  }, 30_000);

  it('refuses a database another program filled, a plain library given a passphrase, and a key check asking for absurd work', async () => {
    await expect(unlock(undefined, 3, '')).rejects.toThrow(/did not write/);
    await expect(unlock({ _id: KEY_CHECK_ID, v: 1, encrypted: false }, 3, 'words')).rejects.toThrow(
      /not encrypted/,
    );
    const absurd = {
      _id: KEY_CHECK_ID,
      v: 1,
      encrypted: true,
      salt: 'AAAA',
      iterations: 1e12,
      check: 'AAAA',
    } as const;
    await expect(unlock(absurd, 3, 'words')).rejects.toThrow(SyncProblem);
  });

  it.each([
    ['not an address', /not a web address/],
    ['http://couch.example.org/papers', /Use an https/],
    ['https://couch.example.org/', /Add the database/],
    ['ftp://couch.example.org/papers', /Use an https/],
  ])('the address %s is refused', (given, message) => {
    expect(() => databaseUrl(given)).toThrow(message);
  });

  it('an address carrying the user and password gives them apart, and keeps them out of the URL', () => {
    expect(databaseUrl('https://me:p%40ss@couch.example.org/papers/')).toEqual({
      url: 'https://couch.example.org/papers',
      user: 'me',
      password: 'p@ss',
    });
    expect(databaseUrl('http://127.0.0.1:5984/papers').url).toBe('http://127.0.0.1:5984/papers');
  });
});
