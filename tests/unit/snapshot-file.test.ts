/** A saved index as one file (lib/snapshot-file.ts): what is packed comes back, and a damaged file is none. */
import { describe, expect, it } from 'vitest';
import { createRelatedIndex, relatedTo, restoreRelatedIndex, saveRelatedIndex } from '../../lib/related';
import { packSnapshot, unpackSnapshot } from '../../lib/snapshot-file';
import { readPapers } from '../../scripts/jsonl';

const seed = await readPapers('tests/fixtures/datasets/hf-listing-seed.jsonl');

describe('a saved index as a file', () => {
  it('gives back plain data and typed arrays of every width, at their lengths and values', () => {
    const value = {
      seq: 12,
      ids: ['arxiv:2401.02954', 'doi:10.1000/é'],
      nested: { bytes: Uint8Array.of(1, 2, 3), halves: Uint16Array.of(65535, 7), none: null },
      words: Uint32Array.of(4294967295, 0, 9),
      signed: Int32Array.of(-1, 5),
      reals: Float64Array.of(0.5, -2.25),
    };
    expect(unpackSnapshot(packSnapshot(value))).toEqual(value);
  });

  it('gives back a related index that ranks as the one saved', () => {
    const index = createRelatedIndex(seed);
    const restored = restoreRelatedIndex(
      (unpackSnapshot(packSnapshot({ related: saveRelatedIndex(index) })) as { related: never }).related,
    );
    if (!restored) throw new Error('not restored');
    for (const query of seed.slice(0, 20)) {
      expect(relatedTo(restored, query, 5)).toEqual(relatedTo(index, query, 5));
    }
  });

  it('is no copy when cut short, when its header is not JSON, or when it is not such a file', () => {
    const packed = packSnapshot({ words: new Uint32Array(1000) });
    expect(unpackSnapshot(packed.slice(0, packed.byteLength - 8))).toBeUndefined();
    const garbled = new Uint8Array(packed.slice(0));
    garbled[9] = 0x7b;
    garbled[10] = 0xff;
    expect(unpackSnapshot(garbled.buffer)).toBeUndefined();
    expect(unpackSnapshot(new TextEncoder().encode('{"key":"related"}').buffer)).toBeUndefined();
    expect(unpackSnapshot(new ArrayBuffer(0))).toBeUndefined();
  });

  it('read into a buffer with room after it: the same values, and cut short still no copy', () => {
    const value = { words: Uint32Array.of(7, 8, 9), bytes: Uint8Array.of(1) };
    const packed = new Uint8Array(packSnapshot(value));
    const withRoom = (length: number) => {
      const bytes = new Uint8Array(new ArrayBuffer(packed.byteLength + 64), 0, length);
      bytes.set(packed.subarray(0, length));
      return bytes;
    };
    expect(unpackSnapshot(withRoom(packed.byteLength))).toEqual(value);
    expect(unpackSnapshot(withRoom(packed.byteLength - 8))).toBeUndefined();
  });
});
