/**
 * Who may send what to the background, and in what shape. Every message is checked here before it is
 * handled: its sender gets a role (a content script in a tab, or a page of the extension itself), each request
 * is allowed from its roles only, and its payload is validated with a schema that also bounds its sizes and
 * drops every field the contract does not name (a clip carries what the page said, never `savedAt` or `tags`).
 * A refused message gets a clear error back; nothing of it reaches the library.
 */
import * as v from 'valibot';
import type { Message, RequestType } from './messages';
import { type LinkKind, type PageKind, SITES } from './paper';
import { READ_STATES } from './read-state';

/**
 * `content`: a content script, on a page anyone may script; `panel`: the on-page panel, an extension page framed
 * in such a page (it asks only about its own tab); `extension`: every other page of the extension.
 */
export type Role = 'content' | 'panel' | 'extension';

export interface Sender {
  role: Role;
  /** The tab a content script or the panel runs in. */
  tabId?: number;
  /** A content script's page, as the browser (not the script) says: what its reports are checked against. */
  url?: string;
}

/** What the browser says of a message's sender (`runtime.MessageSender`). */
export interface RawSender {
  id?: string;
  url?: string;
  tab?: { id?: number };
  frameId?: number;
}

/** The on-page panel's page (entrypoints/panel): framed in arXiv and Hugging Face pages, it gets the panel role. */
export const PANEL_PATH = '/panel.html';
/** Ids a listing may report, or ask about, for one page: arXiv's longest listing shows 2,000. */
export const MAX_LISTING_IDS = 5000;

export class MessageRefused extends Error {}

/**
 * The sender's role: an extension page by its URL (a popup opened in a tab has a tab too; the panel is the
 * panel wherever it is), else the content script of a tab's top frame (Papershelf injects none in frames).
 * Undefined for anything else (another extension, a frame).
 */
export function roleOf(sender: RawSender, extensionId: string, extensionOrigin: string): Sender | undefined {
  if (sender.id !== extensionId) return undefined;
  const tabId = sender.tab?.id !== undefined && sender.tab.id >= 0 ? sender.tab.id : undefined;
  if (sender.url?.startsWith(extensionOrigin)) {
    const path = new URL(sender.url).pathname;
    if (path === PANEL_PATH) return tabId === undefined ? undefined : { role: 'panel', tabId };
    return { role: 'extension' };
  }
  if (tabId !== undefined && (sender.frameId ?? 0) === 0 && sender.url)
    return { role: 'content', tabId, url: sender.url };
  return undefined;
}

const text = (max: number) => v.pipe(v.string(), v.maxLength(max, `is longer than ${max} characters`));
const webUrl = v.pipe(
  v.string(),
  v.maxLength(4096, 'is longer than 4096 characters'),
  v.regex(/^https?:\/\//i, 'is not an http(s) URL'),
);
const count = v.pipe(v.number(), v.integer(), v.minValue(0));
const tabId = v.pipe(v.number(), v.integer(), v.minValue(0));
const list = <T extends v.GenericSchema>(item: T, max: number) =>
  v.pipe(v.array(item), v.maxLength(max, `has more than ${max} entries`));

const LINK_KINDS: LinkKind[] = ['code', 'model', 'dataset', 'demo', 'project', 'video', 'paper', 'other'];
// A Record of every PageKind: a kind added to the Paper type does not compile until it is listed here.
const PAGE_KIND_SET: Record<PageKind, true> = {
  'arxiv-abs': true,
  'arxiv-pdf': true,
  'arxiv-html': true,
  'arxiv-list': true,
  'arxiv-search': true,
  'hf-paper': true,
  'hf-list': true,
  'citation-meta': true,
  'reading-list': true,
  'citation-file': true,
};
const PAGE_KINDS = Object.keys(PAGE_KIND_SET) as PageKind[];

const linkSchema = v.object({
  url: webUrl,
  kind: v.picklist(LINK_KINDS),
  host: text(253),
  repo: v.optional(text(300)),
  org: v.optional(text(300)),
  official: v.optional(v.boolean()),
  from: v.optional(v.picklist(PAGE_KINDS)),
});

/** A paper as a page read it; bounded so that a hostile page cannot fill the library (a 50 MB abstract). */
export const paperSchema = v.object({
  id: text(2100),
  arxivId: v.optional(text(64)),
  version: v.optional(count),
  title: v.optional(text(2000)),
  authors: v.optional(list(text(500), 5000)),
  abstract: v.optional(text(100_000)),
  submitted: v.optional(text(32)),
  updated: v.optional(text(32)),
  primaryCategory: v.optional(text(64)),
  categories: v.optional(list(text(64), 100)),
  comments: v.optional(text(10_000)),
  journalRef: v.optional(text(2000)),
  doi: v.optional(text(512)),
  pdfUrl: v.optional(webUrl),
  absUrl: v.optional(webUrl),
  links: v.optional(list(linkSchema, 500)),
  source: v.object({ site: v.picklist(SITES), kind: v.picklist(PAGE_KINDS), url: webUrl }),
  hf: v.optional(
    v.object({
      upvotes: v.optional(count),
      githubRepo: v.optional(webUrl),
      projectPage: v.optional(webUrl),
      githubStars: v.optional(count),
      numComments: v.optional(count),
    }),
  ),
  incomplete: v.optional(v.literal(true)),
});

/** Authors a reading list may give a paper: more, and longer names, than a page may send (lib/reading-list.ts). */
export const MAX_IMPORTED_AUTHORS = 20_000;
export const MAX_IMPORTED_AUTHOR_NAME = 1_000;

/**
 * A paper as the library may hold it: what a page may send, or an import may read. Backups and synced documents
 * are checked against it, and a citation import refuses an entry outside it, so that every record the library
 * holds can be restored and synced.
 */
export const libraryPaperSchema = v.object({
  ...paperSchema.entries,
  authors: v.optional(list(text(MAX_IMPORTED_AUTHOR_NAME), MAX_IMPORTED_AUTHORS)),
});

const papers = list(paperSchema, 5000);
export const papersSchema = papers;
const relatedPaper = v.object({
  id: text(2100),
  title: v.optional(text(2000)),
  abstract: v.optional(text(100_000)),
  categories: v.optional(list(text(64), 100)),
  authors: v.optional(list(text(500), 5000)),
});
const filters = v.object({
  hasCode: v.optional(v.boolean()),
  category: v.optional(text(64)),
  tag: v.optional(text(200)),
  year: v.optional(v.pipe(v.number(), v.integer())),
  readState: v.optional(v.picklist(READ_STATES)),
  starred: v.optional(v.boolean()),
  site: v.optional(v.picklist(SITES)),
});
const ids = list(text(2100), 100_000);
const listedIds = list(text(2100), MAX_LISTING_IDS);
const limit = v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(1000));
const none = v.object({});

type Rule = { from: Role[]; schema: v.GenericSchema };

/** Each request: the roles it is accepted from, and its payload. Requests not here are never accepted. */
const RULES: { [K in RequestType]?: Rule } = {
  'page-papers': {
    from: ['content'],
    schema: v.object({
      url: webUrl,
      // A paper page holds one paper; a listing reports ids only.
      papers: v.optional(list(paperSchema, 1)),
      listing: v.optional(listedIds),
      via: v.optional(v.picklist(['load', 'in-page'])),
      userActivation: v.optional(v.boolean()),
    }),
  },
  'page-saved': { from: ['content'], schema: v.object({ url: webUrl, ids: listedIds }) },
  'clip-entry': {
    from: ['content'],
    schema: v.object({ url: webUrl, id: text(2100), restore: v.optional(v.boolean()) }),
  },
  'clip-shown': { from: ['content'], schema: v.object({ url: webUrl, restore: v.optional(v.boolean()) }) },
  'page-related': { from: ['content'], schema: v.object({ url: webUrl }) },
  'listing-related': { from: ['content'], schema: v.object({ url: webUrl }) },
  'panel-content': { from: ['panel'], schema: none },
  'panel-clip': { from: ['panel'], schema: v.object({ id: text(2100), restore: v.optional(v.boolean()) }) },
  'panel-show': {
    from: ['panel'],
    schema: v.object({ id: v.optional(text(2100)), close: v.optional(v.boolean()) }),
  },
  'clip-link': { from: ['extension'], schema: v.object({ url: webUrl }) },
  'clip-page': { from: ['extension'], schema: v.object({ tabId }) },
  'tab-state': { from: ['extension'], schema: v.object({ tabId }) },
  'tab-related': { from: ['extension'], schema: v.object({ tabId }) },
  clip: { from: ['extension'], schema: v.object({ tabId, ids: v.optional(ids) }) },
  'clip-all': { from: ['extension'], schema: v.object({ tabId }) },
  unclip: { from: ['extension'], schema: v.object({ id: text(2100), tabId: v.optional(tabId) }) },
  remove: { from: ['extension'], schema: v.object({ ids }) },
  'undo-remove': { from: ['extension'], schema: v.object({ ids, tabId: v.optional(tabId) }) },
  'edit-papers': {
    from: ['extension'],
    schema: v.object({
      ids,
      edit: v.object({
        addTags: v.optional(list(text(200), 100)),
        removeTags: v.optional(list(text(200), 100)),
        note: v.optional(text(100_000)),
        readState: v.optional(v.picklist(READ_STATES)),
        starred: v.optional(v.boolean()),
      }),
    }),
  },
  recent: { from: ['extension'], schema: v.object({ limit }) },
  'get-settings': { from: ['extension'], schema: none },
  'set-settings': {
    from: ['extension'],
    schema: v.object({
      autoClip: v.optional(v.boolean()),
      showMarks: v.optional(v.boolean()),
      showChip: v.optional(v.boolean()),
    }),
  },
  search: {
    from: ['extension'],
    schema: v.object({
      query: text(1000),
      filters: v.optional(filters),
      offset: v.optional(count),
      limit,
      withHits: v.optional(v.boolean()),
      withPapers: v.optional(v.boolean()),
      sort: v.optional(v.picklist(['relevance', 'clipped', 'submitted'])),
      client: v.optional(text(64)),
    }),
  },
  related: { from: ['extension'], schema: v.object({ paper: relatedPaper, k: limit }) },
  facets: { from: ['extension'], schema: none },
  'index-status': { from: ['extension'], schema: none },
  'sync-status': { from: ['extension'], schema: none },
  'sync-connect': {
    from: ['extension'],
    schema: v.object({ url: text(2048), user: text(300), password: text(1000), passphrase: text(1000) }),
  },
  'sync-now': { from: ['extension'], schema: none },
  'sync-disconnect': { from: ['extension'], schema: none },
  'import-start': { from: ['extension'], schema: v.object({ key: text(200) }) },
  'import-cancel': { from: ['extension'], schema: v.object({ key: text(200) }) },
};

/**
 * The message as the contract names it, or MessageRefused saying why not: an unknown type, a sender whose role
 * may not send it, or a payload of the wrong shape or size.
 */
export function checkMessage(message: unknown, sender: Sender | undefined): Message<RequestType> {
  const type = (message as { type?: unknown } | null)?.type;
  const rule =
    typeof type === 'string' && Object.hasOwn(RULES, type) ? RULES[type as RequestType] : undefined;
  if (!rule)
    throw new MessageRefused(`Papershelf refused a message of unknown type ${JSON.stringify(type)}.`);
  if (!sender || !rule.from.includes(sender.role)) {
    throw new MessageRefused(
      `Papershelf refused "${type}": not accepted from ${sender?.role ?? 'this sender'}.`,
    );
  }
  const { type: _type, ...payload } = message as Record<string, unknown>;
  const checked = v.safeParse(rule.schema, payload);
  if (!checked.success) {
    const issue = checked.issues[0];
    const path = v.getDotPath(issue) ?? 'the message';
    throw new MessageRefused(`Papershelf refused "${type}": ${path} ${issue.message}.`);
  }
  return { type, ...(checked.output as object) } as Message<RequestType>;
}
