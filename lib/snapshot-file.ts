/**
 * A saved index as one file of bytes: its typed arrays laid end to end, and everything else as JSON ahead of
 * them. IndexedDB read a 30 MB row back in 1-2 s after a browser restart on the 2-core machine (the related
 * index at 50,000 papers); a file is read in one copy (docs/architecture.md, "After a browser restart").
 *
 * Layout: the bytes "PSF1", the JSON's length (uint32, little-endian), the JSON (UTF-8), then each typed
 * array at an offset a multiple of 8. In the JSON a typed array is `{"$typed": TYPE, "at": OFFSET, "length": N}`.
 */

/** Where a saved index is kept as a file; `write` replaces the whole file at once, or leaves the old one. */
export interface SnapshotFile {
  /**
   * The file's bytes; undefined when there is none. `room(size)`: how many bytes the buffer should hold after
   * them, left untouched (a page of memory is taken only when written), for what is read to grow into.
   */
  read(room?: (size: number) => number): Promise<Uint8Array<ArrayBuffer> | undefined>;
  write(data: ArrayBuffer): Promise<void>;
  remove(): Promise<void>;
}

const MAGIC = 0x31465350; // "PSF1" read as a little-endian uint32
const TYPED = {
  Uint8Array,
  Uint16Array,
  Uint32Array,
  Int32Array,
  Float32Array,
  Float64Array,
} as const;
type TypedName = keyof typeof TYPED;
type Typed = InstanceType<(typeof TYPED)[TypedName]>;

interface TypedMark {
  $typed: TypedName;
  at: number;
  length: number;
}

const align = (offset: number) => Math.ceil(offset / 8) * 8;

function typedName(value: unknown): TypedName | undefined {
  for (const name of Object.keys(TYPED) as TypedName[]) if (value instanceof TYPED[name]) return name;
  return undefined;
}

/** `value` (plain data and typed arrays) as the bytes of a file. */
export function packSnapshot(value: unknown): ArrayBuffer {
  const arrays: Typed[] = [];
  let end = 0;
  const json = JSON.stringify(value, (_key, field: unknown) => {
    const name = typedName(field);
    if (!name) return field;
    const typed = field as Typed;
    const mark: TypedMark = { $typed: name, at: end, length: typed.length };
    arrays.push(typed);
    end = align(end + typed.byteLength);
    return mark;
  });
  const header = new TextEncoder().encode(json);
  const start = align(8 + header.length);
  const bytes = new Uint8Array(start + end);
  const view = new DataView(bytes.buffer);
  view.setUint32(0, MAGIC, true);
  view.setUint32(4, header.length, true);
  bytes.set(header, 8);
  let at = start;
  for (const typed of arrays) {
    bytes.set(new Uint8Array(typed.buffer, typed.byteOffset, typed.byteLength), at);
    at = align(at + typed.byteLength);
  }
  return bytes.buffer;
}

/**
 * What `packSnapshot` packed; undefined for bytes that are not such a file, or are cut short. The typed arrays
 * are views on `file`'s buffer, whatever room it has after the file's bytes.
 */
export function unpackSnapshot(file: Uint8Array<ArrayBuffer> | ArrayBuffer): unknown {
  const bytes = file instanceof Uint8Array ? file : new Uint8Array(file);
  try {
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    if (bytes.byteLength < 8 || view.getUint32(0, true) !== MAGIC) return undefined;
    const length = view.getUint32(4, true);
    const start = align(8 + length);
    const json = new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(8, 8 + length));
    // Marks replaced by a walk after parsing, not by a reviver: a reviver is called for each of the 50,000 ids
    // too, and doubled the parse (45 ms against 23 ms at 50,000 papers, cold).
    const typedArrays = (value: unknown): unknown => {
      if (typeof value !== 'object' || value === null) return value;
      // In place: only a mark is replaced (by its typed array); strings and numbers are passed over.
      if (Array.isArray(value)) {
        for (let i = 0; i < value.length; i++) {
          const item: unknown = value[i];
          if (typeof item === 'object' && item !== null) value[i] = typedArrays(item);
        }
        return value;
      }
      const mark = value as Partial<TypedMark>;
      if (typeof mark.$typed !== 'string') {
        for (const [key, field] of Object.entries(value)) {
          const next = typedArrays(field);
          if (next !== field)
            Object.defineProperty(value, key, { value: next, enumerable: true, writable: true });
        }
        return value;
      }
      const Type = TYPED[mark.$typed as TypedName];
      const { at, length: count } = mark;
      if (!Type || !Number.isSafeInteger(at) || !Number.isSafeInteger(count))
        throw new Error('not a typed array');
      const offset = start + (at as number);
      // Out of the file's bounds (cut short) refuses the whole file.
      if (offset + (count as number) * Type.BYTES_PER_ELEMENT > bytes.byteLength)
        throw new RangeError('cut short');
      return new Type(bytes.buffer, bytes.byteOffset + offset, count as number);
    };
    return typedArrays(JSON.parse(json));
  } catch {
    return undefined;
  }
}
