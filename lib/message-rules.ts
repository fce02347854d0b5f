/**
 * Who may send what to the background, and in what shape. Every message is checked here before it is
 * handled: its sender gets a role (a content script in a tab, or a page of the extension itself), each request
 * is allowed from its roles only, and its payload is validated with a schema that also bounds its sizes and
 * drops every field the contract does not name (a clip carries what the page said, never `savedAt` or `tags`).
 * A refused message gets a clear error back; nothing of it reaches the library.
 */
import * as v from 'valibot';
import { READ_STATES } from './db';
import type { Message, RequestType } from './messages';
import { LISTING_RELATED_MAX } from './onpage/related';
import { type LinkKind, type PageKind, SITES } from './paper';

export type Role = 'content' | 'extension';

export interface Sender {
  role: Role;
  /** The tab a content script runs in. */
  tabId?: number;
}

/** What the browser says of a message's sender (`runtime.MessageSender`). */
export interface RawSender {
  id?: string;
  url?: string;
  tab?: { id?: number };
}

export class MessageRefused extends Error {}

/**
 * The sender's role: an extension page by its URL (a popup opened in a tab has a tab too), else a content
 * script by its tab. Undefined for anything else (another extension).
 */
export function roleOf(sender: RawSender, extensionId: string, extensionOrigin: string): Sender | undefined {
  if (sender.id !== extensionId) return undefined;
  if (sender.url?.startsWith(extensionOrigin)) return { role: 'extension' };
  if (sender.tab?.id !== undefined && sender.tab.id >= 0) return { role: 'content', tabId: sender.tab.id };
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
  source: v.object({ site: v.picklist(SITES), kind: v.picklist(PAGE_KINDS), url: text(4096) }),
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
const limit = v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(1000));
const none = v.object({});

type Rule = { from: Role[]; schema: v.GenericSchema };

/** Each request: the roles it is accepted from, and its payload. Requests not here are never accepted. */
const RULES: { [K in RequestType]?: Rule } = {
  'page-papers': {
    from: ['content'],
    schema: v.object({
      url: text(4096),
      papers: v.optional(papers),
      listing: v.optional(list(text(2100), 20_000)),
    }),
  },
  'page-saved': { from: ['content'], schema: v.object({ ids: list(text(2100), 20_000) }) },
  'clip-entry': { from: ['content'], schema: v.object({ url: text(4096), paper: paperSchema }) },
  'clip-shown': { from: ['content'], schema: v.object({ url: text(4096) }) },
  'page-related': { from: ['content'], schema: v.object({ url: text(4096) }) },
  'listing-related': {
    from: ['content'],
    schema: v.object({ url: text(4096), papers: list(relatedPaper, LISTING_RELATED_MAX) }),
  },
  'clip-link': { from: ['extension'], schema: v.object({ url: webUrl }) },
  'clip-page': { from: ['extension'], schema: v.object({ tabId }) },
  'tab-state': { from: ['extension'], schema: v.object({ tabId }) },
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
      sort: v.optional(v.picklist(['relevance', 'clipped', 'submitted'])),
      client: v.optional(text(64)),
    }),
  },
  related: { from: ['extension'], schema: v.object({ paper: relatedPaper, k: limit }) },
  facets: { from: ['extension'], schema: none },
  'index-status': { from: ['extension'], schema: none },
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
