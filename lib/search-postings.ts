/**
 * MiniSearch's postings kept in a few typed arrays instead of a Map of Maps per term. The radix tree's value
 * for a term is a TermView: a small object that answers the part of the Map interface MiniSearch 7.2.0 uses
 * on a `Map<fieldId, Map<shortDocId, freq>>` (get, has, size, iteration, and set/delete when it writes), by
 * reading its slice of the arrays. Reads never allocate per posting.
 *
 * Papers are added in batches (`merge`): the arrays are written anew with the batch's postings appended, and
 * the postings of discarded papers left out. A few papers (a clip) are not worth rewriting 60 MB of arrays:
 * their postings wait beside their terms' slices (`extra`, newer documents than any packed) until enough
 * have gathered (`addDelta`). Between two merges, discarded papers are hidden from every view
 * (size, keys, get), so MiniSearch scores exactly as on an index that never held them, and never needs to
 * clean up (autoVacuum is off). Should MiniSearch itself write to a view (add, remove), the view turns its
 * term into real Maps ("thawed"); the next merge packs it back.
 */

/** Counts of 255 and more are kept in `bigFreqs`, by posting index. */
const BIG = 255;

/** The packed postings. Per term (slot): its fields; per term-field: its field id and its postings. */
export interface PostingArrays {
  /** Per term slot, where its fields start in fieldIds / fieldStarts; one more at the end. */
  termStarts: Uint32Array;
  /** Per term-field, the field id; a term's fields in ascending order. */
  fieldIds: Uint8Array;
  /** Per term-field, where its postings start in docs / freqs; one more at the end. */
  fieldStarts: Uint32Array;
  /** Short document ids, ascending within a term-field. */
  docs: Uint32Array;
  /** How many times the term is in that field of that document; BIG means look in bigFreqs. */
  freqs: Uint8Array;
  bigFreqs: Map<number, number>;
}

export const emptyArrays = (): PostingArrays => ({
  termStarts: new Uint32Array(1),
  fieldIds: new Uint8Array(0),
  fieldStarts: new Uint32Array(1),
  docs: new Uint32Array(0),
  freqs: new Uint8Array(0),
  bigFreqs: new Map(),
});

type Docs = Map<number, number>;

/** The shared arrays, the view of each slot, and which documents are discarded. */
export class Postings {
  a: PostingArrays = emptyArrays();
  /** The view of each term slot. */
  views: (TermView | undefined)[] = [];
  /** Views holding real Maps, to be packed at the next merge. */
  readonly thawed = new Set<TermView>();
  private dead = new Uint8Array(0);
  /** Documents discarded since the last merge (their postings may still be in the arrays). */
  deadCount = 0;
  /** Documents whose postings wait in views' `extra` (or thawed Maps) for the next merge. */
  pendingDocs = 0;

  constructor(readonly fieldCount: number) {}

  /** Makes the packed arrays `a`, one view per term. Throws when they do not hold together. */
  load(a: PostingArrays, docLimit: number): TermView[] {
    check(a, this.fieldCount, docLimit);
    this.a = a;
    this.views = [];
    for (let t = 0; t + 1 < a.termStarts.length; t++) this.views.push(new TermView(this, t));
    this.thawed.clear();
    this.withExtra.clear();
    this.pendingDocs = 0;
    return this.views as TermView[];
  }

  /** A term with no postings yet. */
  newView(): TermView {
    const view = new TermView(this, -1, new Map());
    this.thawed.add(view);
    return view;
  }

  /**
   * Adds a batch's postings (per term view, (field, doc, freq) triples of documents newer than any held)
   * without rewriting the arrays; `docs` is how many documents the batch holds.
   */
  addDelta(batch: Map<TermView, number[]>, docs: number): void {
    for (const [view, triples] of batch) {
      if (!view.own) view.extra ??= new Map();
      const target = (view.own ?? view.extra) as Map<number, Docs>;
      for (let i = 0; i < triples.length; i += 3) {
        const field = triples[i] as number;
        let fieldDocs = target.get(field);
        if (!fieldDocs) {
          fieldDocs = new Map();
          target.set(field, fieldDocs);
        }
        fieldDocs.set(triples[i + 1] as number, triples[i + 2] as number);
      }
      if (!view.own) this.withExtra.add(view);
    }
    this.pendingDocs += docs;
  }

  /** Packed views holding postings in `extra`. */
  readonly withExtra = new Set<TermView>();

  isDead(doc: number): boolean {
    return this.deadCount > 0 && this.dead[doc] === 1;
  }

  markDead(doc: number): void {
    if (doc >= this.dead.length) {
      const grown = new Uint8Array(Math.max(doc + 1, this.dead.length * 2, 1024));
      grown.set(this.dead);
      this.dead = grown;
    }
    if (this.dead[doc] === 1) return;
    this.dead[doc] = 1;
    this.deadCount++;
  }

  freqAt(i: number): number {
    const freq = this.a.freqs[i] as number;
    return freq === BIG ? (this.a.bigFreqs.get(i) as number) : freq;
  }

  /** How many postings in [start, end) are of live documents. */
  countLive(start: number, end: number): number {
    if (this.deadCount === 0) return end - start;
    const { docs } = this.a;
    let n = 0;
    for (let i = start; i < end; i++) if (this.dead[docs[i] as number] !== 1) n++;
    return n;
  }

  /**
   * Writes the arrays anew: every term's live postings, then the batch's (per term view, a flat list of
   * (field, doc, freq) triples, docs newer than any in the arrays). Returns the views left with no posting
   * (their term is to be taken out of the tree).
   */
  merge(batch: Map<TermView, number[]>): TermView[] {
    const old = this.a;
    const order: TermView[] = [];
    for (const view of this.views) if (view) order.push(view);
    for (const view of this.thawed) order.push(view);
    let postings = old.docs.length;
    let termFields = old.fieldIds.length;
    for (const view of this.thawed) {
      for (const docs of view.own?.values() ?? []) postings += docs.size;
      termFields += view.own?.size ?? 0;
    }
    for (const triples of batch.values()) {
      postings += triples.length / 3;
      termFields += this.fieldCount;
    }
    for (const view of this.withExtra) {
      for (const docs of view.extra?.values() ?? []) postings += docs.size;
      termFields += this.fieldCount;
    }
    const termStarts = new Uint32Array(order.length + 1);
    const fieldIds = new Uint8Array(termFields);
    const fieldStarts = new Uint32Array(termFields + 1);
    let docs = new Uint32Array(postings);
    let freqs = new Uint8Array(postings);
    const bigFreqs = new Map<number, number>();
    const dead = this.deadCount > 0 ? this.dead : undefined;
    const empty: TermView[] = [];
    const views: TermView[] = [];
    let k = 0;
    let p = 0;
    const write = (doc: number, freq: number) => {
      docs[p] = doc;
      if (freq >= BIG) bigFreqs.set(p, freq);
      freqs[p++] = Math.min(freq, BIG);
    };
    for (const view of order) {
      const triples = batch.get(view);
      const firstField = k;
      const slot = view.slot;
      let ok = slot >= 0 ? (old.termStarts[slot] as number) : 0;
      const okEnd = slot >= 0 ? (old.termStarts[slot + 1] as number) : 0;
      for (let field = 0; field < this.fieldCount; field++) {
        const start = p;
        if (ok < okEnd && old.fieldIds[ok] === field) {
          const end = old.fieldStarts[ok + 1] as number;
          for (let i = old.fieldStarts[ok] as number; i < end; i++) {
            const doc = old.docs[i] as number;
            if (dead && dead[doc] === 1) continue;
            docs[p] = doc;
            const freq = old.freqs[i] as number;
            if (freq === BIG) bigFreqs.set(p, old.bigFreqs.get(i) as number);
            freqs[p++] = freq;
          }
          ok++;
        } else if (view.own) {
          for (const [doc, freq] of view.own.get(field) ?? [])
            if (!(dead && dead[doc] === 1)) write(doc, freq);
        }
        for (const [doc, freq] of view.extra?.get(field) ?? [])
          if (!(dead && dead[doc] === 1)) write(doc, freq);
        if (triples) {
          for (let i = 0; i < triples.length; i += 3) {
            const doc = triples[i + 1] as number;
            if (triples[i] === field && !(dead && dead[doc] === 1)) write(doc, triples[i + 2] as number);
          }
        }
        if (p > start) {
          fieldIds[k] = field;
          fieldStarts[k++] = start;
        }
      }
      if (k === firstField) {
        view.slot = -1;
        view.own = new Map();
        view.extra = undefined;
        empty.push(view);
        continue;
      }
      termStarts[views.length] = firstField;
      view.slot = views.length;
      view.own = undefined;
      view.extra = undefined;
      views.push(view);
    }
    termStarts[views.length] = k;
    fieldStarts[k] = p;
    if (p < docs.length) {
      docs = docs.slice(0, p);
      freqs = freqs.slice(0, p);
    }
    this.a = {
      termStarts: termStarts.slice(0, views.length + 1),
      fieldIds: fieldIds.slice(0, k),
      fieldStarts: fieldStarts.slice(0, k + 1),
      docs,
      freqs,
      bigFreqs,
    };
    this.views = views;
    this.thawed.clear();
    this.withExtra.clear();
    this.pendingDocs = 0;
    this.deadCount = 0;
    this.dead.fill(0);
    return empty;
  }
}

/** Checks what `load` is given: every offset in range and ascending, docs ascending within a term-field. */
function check(a: PostingArrays, fieldCount: number, docLimit: number): void {
  const fail = () => {
    throw new Error('Saved index damaged');
  };
  const { termStarts, fieldIds, fieldStarts, docs, freqs } = a;
  if (termStarts[0] !== 0 || termStarts[termStarts.length - 1] !== fieldIds.length) fail();
  if (fieldStarts.length !== fieldIds.length + 1 || fieldStarts[0] !== 0) fail();
  if (fieldStarts[fieldIds.length] !== docs.length || freqs.length !== docs.length) fail();
  for (let t = 0; t + 1 < termStarts.length; t++) {
    const end = termStarts[t + 1] as number;
    if (end <= (termStarts[t] as number)) fail();
    let previousField = -1;
    for (let k = termStarts[t] as number; k < end; k++) {
      const field = fieldIds[k] as number;
      if (field <= previousField || field >= fieldCount) fail();
      previousField = field;
      const last = fieldStarts[k + 1] as number;
      if (last <= (fieldStarts[k] as number)) fail();
      let previousDoc = -1;
      for (let i = fieldStarts[k] as number; i < last; i++) {
        const doc = docs[i] as number;
        if (doc <= previousDoc || doc >= docLimit) fail();
        previousDoc = doc;
        if (freqs[i] === 0 || (freqs[i] === BIG && !a.bigFreqs.has(i))) fail();
      }
    }
  }
}

/** The value of a term in MiniSearch's radix tree: `Map<fieldId, Map<shortDocId, freq>>` in its reading. */
export class TermView {
  /** Postings of documents added since the last merge, beside the packed slice (see Postings.addDelta). */
  public extra?: Map<number, Docs>;

  constructor(
    readonly store: Postings,
    /** Its slot in the arrays; -1 when thawed. */
    public slot: number,
    /** Its postings as real Maps, when thawed. */
    public own?: Map<number, Docs>,
  ) {}

  /** The packed slice of field `field`, as [start, end) in docs; undefined when it has none. */
  private packed(field: number): [number, number] | undefined {
    const { termStarts, fieldIds, fieldStarts } = this.store.a;
    const end = termStarts[this.slot + 1] as number;
    for (let k = termStarts[this.slot] as number; k < end; k++) {
      if (fieldIds[k] === field) return [fieldStarts[k] as number, fieldStarts[k + 1] as number];
    }
    return undefined;
  }

  /** The fields with postings, ascending. */
  private fields(): number[] {
    const { termStarts, fieldIds } = this.store.a;
    const fields: number[] = [];
    const end = termStarts[this.slot + 1] as number;
    for (let k = termStarts[this.slot] as number; k < end; k++) fields.push(fieldIds[k] as number);
    if (!this.extra) return fields;
    for (const field of this.extra.keys()) if (!fields.includes(field)) fields.push(field);
    return fields.sort((a, b) => a - b);
  }

  get size(): number {
    if (this.own) return this.own.size;
    if (this.extra) return this.fields().length;
    const { termStarts } = this.store.a;
    return (termStarts[this.slot + 1] as number) - (termStarts[this.slot] as number);
  }

  get(field: number): FieldView | undefined {
    if (this.own) {
      const docs = this.own.get(field);
      return docs && new FieldView(this, field, docs, 0, 0);
    }
    const range = this.packed(field);
    const extra = this.extra?.get(field);
    if (!range && !extra) return undefined;
    return new FieldView(this, field, undefined, range?.[0] ?? 0, range?.[1] ?? 0, extra);
  }

  has(field: number): boolean {
    return this.get(field) !== undefined;
  }

  set(field: number, docs: Docs): this {
    this.thaw().set(field, docs);
    return this;
  }

  delete(field: number): boolean {
    return this.thaw().delete(field);
  }

  *entries(): IterableIterator<[number, FieldView]> {
    if (this.own) {
      for (const [field, docs] of this.own) yield [field, new FieldView(this, field, docs, 0, 0)];
      return;
    }
    for (const field of this.fields()) yield [field, this.get(field) as FieldView];
  }

  *keys(): IterableIterator<number> {
    for (const [field] of this.entries()) yield field;
  }

  *values(): IterableIterator<FieldView> {
    for (const [, docs] of this.entries()) yield docs;
  }

  [Symbol.iterator](): IterableIterator<[number, FieldView]> {
    return this.entries();
  }

  forEach(fn: (docs: FieldView, field: number, map: this) => void): void {
    for (const [field, docs] of this.entries()) fn(docs, field, this);
  }

  /** The term's postings as real Maps (discarded documents left out), which writes then change. */
  thaw(): Map<number, Docs> {
    if (this.own) return this.own;
    const own = new Map<number, Docs>();
    for (const [field, docs] of this.entries()) own.set(field, new Map(docs));
    this.store.views[this.slot] = undefined;
    this.store.withExtra.delete(this);
    this.slot = -1;
    this.own = own;
    this.extra = undefined;
    this.store.thawed.add(this);
    return own;
  }
}

/**
 * The documents of one term in one field, `Map<shortDocId, freq>` in its reading: a range of the arrays, or
 * the term's real Map when thawed. Discarded documents are not seen. Short-lived: made on each `get`.
 */
export class FieldView {
  /** Where keys() last was in the arrays, so that get() of the key just read costs nothing. */
  private cursor: number;

  constructor(
    private readonly term: TermView,
    private readonly field: number,
    private readonly own: Docs | undefined,
    private readonly start: number,
    private readonly end: number,
    /** Documents added since the last merge (newer than every packed one). */
    private readonly extra?: Docs,
  ) {
    this.cursor = start;
  }

  get size(): number {
    const store = this.term.store;
    if (!this.own) return store.countLive(this.start, this.end) + this.liveExtra();
    if (store.deadCount === 0) return this.own.size;
    let n = 0;
    for (const doc of this.own.keys()) if (!store.isDead(doc)) n++;
    return n;
  }

  private liveExtra(): number {
    if (!this.extra) return 0;
    const store = this.term.store;
    if (store.deadCount === 0) return this.extra.size;
    let n = 0;
    for (const doc of this.extra.keys()) if (!store.isDead(doc)) n++;
    return n;
  }

  get(doc: number): number | undefined {
    const store = this.term.store;
    if (store.isDead(doc)) return undefined;
    if (this.own) return this.own.get(doc);
    const added = this.extra?.get(doc);
    if (added !== undefined) return added;
    const { docs } = store.a;
    if (docs[this.cursor] === doc && this.cursor < this.end) return store.freqAt(this.cursor);
    let low = this.start;
    let high = this.end - 1;
    while (low <= high) {
      const middle = (low + high) >>> 1;
      const found = docs[middle] as number;
      if (found === doc) return store.freqAt(middle);
      if (found < doc) low = middle + 1;
      else high = middle - 1;
    }
    return undefined;
  }

  has(doc: number): boolean {
    return this.get(doc) !== undefined;
  }

  *keys(): IterableIterator<number> {
    const store = this.term.store;
    if (this.own) {
      for (const doc of this.own.keys()) if (!store.isDead(doc)) yield doc;
      return;
    }
    const { docs } = store.a;
    for (let i = this.start; i < this.end; i++) {
      const doc = docs[i] as number;
      if (store.isDead(doc)) continue;
      this.cursor = i;
      yield doc;
    }
    for (const doc of this.extra?.keys() ?? []) if (!store.isDead(doc)) yield doc;
  }

  *entries(): IterableIterator<[number, number]> {
    for (const doc of this.keys()) yield [doc, this.get(doc) as number];
  }

  *values(): IterableIterator<number> {
    for (const doc of this.keys()) yield this.get(doc) as number;
  }

  [Symbol.iterator](): IterableIterator<[number, number]> {
    return this.entries();
  }

  forEach(fn: (freq: number, doc: number, map: this) => void): void {
    for (const [doc, freq] of this.entries()) fn(freq, doc, this);
  }

  set(doc: number, freq: number): this {
    this.docs().set(doc, freq);
    return this;
  }

  delete(doc: number): boolean {
    return this.docs().delete(doc);
  }

  /** This field's real Map, the term thawed for it. */
  private docs(): Docs {
    const own = this.term.thaw();
    let docs = own.get(this.field);
    if (!docs) {
      docs = new Map();
      own.set(this.field, docs);
    }
    return docs;
  }
}
