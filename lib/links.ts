/**
 * Code, model, dataset and project links of a paper. Papers with Code is gone, so they are read from the
 * abstract and comments (URLs, "this https URL" anchors, scheme-less `github.com/o/r`) and from the Hugging
 * Face page's `githubRepo` / `projectPage`. linkify-it finds the URLs; the cleaning on top undoes what
 * abstracts do to them: sentence punctuation, LaTeX braces and escapes, two URLs glued together.
 *
 * Rules:
 * - Only http(s) URLs come out, with the host lowercased; a URL is cleaned, never made up. A scheme-less
 *   mention counts only on a host we know (github.com, huggingface.co, ...) or after `www.`, and gets `https://`.
 * - kind: by host and path (the tables below). A site we do not know is `project` when the authors present
 *   it as theirs (`official`), else `other`: a tool or site mentioned in passing. GitHub's own pages
 *   (features, pricing, login...) are `other`; an organisation's page (`github.com/ORG`, `huggingface.co/ORG`)
 *   has no `repo` but its `org`.
 * - official: Hugging Face's `githubRepo` and `projectPage`; a link that opens its sentence (a bare URL
 *   closing an abstract); one whose sentence, from its start (or the previous link) up to the link,
 *   names it as the authors' ("our", "code", "available", "project page", "more details") and leads into it
 *   ("... at", "... on", "Code:", "Website - ", "... available"); a link listed right after an official one
 *   ("at URL1 and URL2"). Never one the words say the authors took from others, before the link ("we use the
 *   data from", "using code in", "based on") or after it ("..., which we extend").
 * - order: official first, code before the rest, then order of appearance: `githubRepo`, `projectPage`,
 *   the texts in order, hrefs left unplaced.
 * - duplicates: the same URL (scheme, `www.` and a trailing slash aside), or the same repository when one
 *   of the two links is the repository itself; the first in order stays.
 */
import { LinkifyIt } from 'linkify-it';
import type { LinkKind, PaperLink } from './paper';
import { collapseWhitespace } from './text';

export interface LinkSources {
  /** Free text (abstract, comments) in which URLs and scheme-less `github.com/o/r` are found. */
  text?: string[];
  /**
   * Hrefs of anchors found in the abstract or comments ("this https URL" anchors). When there are as many
   * (not counting those written out in `text`) as "this https URL" placeholders in `text`, each takes its
   * placeholder's place, so that its words count. Better: pass `text` made with textWithHrefs.
   */
  hrefs?: string[];
  /** Hugging Face's `githubRepo` (official) and `projectPage`. */
  githubRepo?: string;
  projectPage?: string;
}

// Protocol-relative, ftp and mailto links are never paper links.
const linkifier = (fuzzyLink: boolean) =>
  new LinkifyIt({ fuzzyLink, fuzzyEmail: false }).add('//', null).add('ftp:', null).add('mailto:', null);
const linkifyWithScheme = linkifier(false);
/** Looking for scheme-less links is 60 times slower: done only where one may be found. */
const linkifySchemeless = linkifier(true);

/** arXiv's anchor text for every URL in abstracts and comments. */
const ANCHOR_PLACEHOLDER = /\bthis https? URL\b/g;

export function findLinks(sources: LinkSources): PaperLink[] {
  const found: PaperLink[] = [];
  for (const hfField of [sources.githubRepo, sources.projectPage]) {
    const link = hfField ? classifyLink(hfField, true) : undefined;
    if (link) found.push(link);
  }
  const { texts, unplacedHrefs } = placeHrefs(sources.text ?? [], sources.hrefs ?? []);
  // A loop, not push(...links): spreading passes each link as an argument, and ~120k overflow the stack.
  for (const text of texts) for (const link of linksInText(text)) found.push(link);
  for (const href of unplacedHrefs) {
    const link = classifyLink(href);
    if (link) found.push(link);
  }
  return orderLinks(found);
}

/** Links in the order a reader wants them, each once: also how the links of two pages of a paper merge. */
export function orderLinks(links: PaperLink[]): PaperLink[] {
  return withoutDuplicates(inOrder(links));
}

/**
 * The element's text with each anchor's http(s) href in place of its "this https URL" text, whitespace
 * collapsed: what findLinks needs to see both the URL and the words around it. An anchor with other text
 * keeps it, followed by its href.
 */
export function textWithHrefs(root: Node): string {
  return collapseWhitespace(rawTextWithHrefs(root));
}

const TEXT_NODE = 3;
const ELEMENT_NODE = 1;

function rawTextWithHrefs(node: Node): string {
  if (node.nodeType === TEXT_NODE) return node.nodeValue ?? '';
  if (node.nodeType !== ELEMENT_NODE) return '';
  const element = node as Element;
  if (element.tagName.toLowerCase() === 'a') {
    const href = element.getAttribute('href')?.trim() ?? '';
    const text = element.textContent ?? '';
    if (!/^https?:\/\//i.test(href)) return text;
    if (text.search(ANCHOR_PLACEHOLDER) !== -1) return text.replace(ANCHOR_PLACEHOLDER, href);
    return text.includes('://') ? href : `${text} ${href}`;
  }
  return Array.from(element.childNodes, rawTextWithHrefs).join('');
}

/**
 * Puts hrefs in their placeholders' places, in order, when as many are left as there are placeholders;
 * hrefs already written out in the texts (an abstract read from its meta tag) are left out first. Hrefs
 * that cannot be placed are read apart, without words.
 */
function placeHrefs(texts: string[], hrefs: string[]): { texts: string[]; unplacedHrefs: string[] } {
  const unwritten = hrefs.filter((href) => !texts.some((text) => text.includes(href)));
  const placeholders = texts.reduce(
    (count, text) => count + (text.match(ANCHOR_PLACEHOLDER)?.length ?? 0),
    0,
  );
  if (unwritten.length === 0 || placeholders !== unwritten.length) return { texts, unplacedHrefs: unwritten };
  let next = 0;
  const placed = texts.map((text) => text.replace(ANCHOR_PLACEHOLDER, () => unwritten[next++] ?? ''));
  return { texts: placed, unplacedHrefs: [] };
}

/**
 * Links written in `text`, in order, official when the words before them say so; a link listed right
 * after another ("at URL1 and URL2") is official as that one is.
 */
function linksInText(text: string): PaperLink[] {
  const plain = withoutLatex(text);
  const links: PaperLink[] = [];
  let previous: { end: number; official: boolean } | undefined;
  const linkify = SCHEMELESS_KNOWN_SITE.test(plain) ? linkifySchemeless : linkifyWithScheme;
  const matches = linkify.match(plain) ?? [];
  for (const [i, match] of matches.entries()) {
    const words = plain.slice(previous?.end ?? 0, match.index);
    const after = firstClause(plain.slice(match.lastIndex, matches[i + 1]?.index));
    const official =
      (previous && LIST_SEPARATOR.test(words) ? previous.official : isAuthorsOwn(lastSentence(words))) &&
      !THIRD_PARTY_AFTER.test(after);
    previous = { end: match.lastIndex, official };
    for (const url of unglued(match.raw)) {
      const link = classifyLink(url, official);
      if (link && (/^https?:\/\//i.test(url) || isWorthWithoutScheme(link))) links.push(link);
    }
  }
  return links;
}

/**
 * What LaTeX leaves in abstracts and summaries, made plain text: escapes (`\_`), commands (`\url`, `\href`,
 * `\footnote`), braces, `~` spaces (not `/~user`) and `github$.$com`, written so as not to be linked.
 */
function withoutLatex(text: string): string {
  return text
    .replace(/\\([_%#&~])/g, '$1')
    .replace(/\\[a-z]+\*?/gi, ' ')
    .replace(/[{}]|(?<!\/)~/g, ' ')
    .replace(/\$\.\$/g, '.');
}

// How far from a link its words are read: a sentence's worth, so that the patterns stay linear in huge texts.
const NEAR_LINK = 400;

function lastSentence(words: string): string {
  return (
    words
      .slice(-NEAR_LINK)
      .split(/[.!?;]\s/)
      .pop() ?? ''
  );
}

/** The words right after a link, up to the end of its sentence. */
function firstClause(words: string): string {
  return words.slice(0, NEAR_LINK).split(/[.!?;](?:\s|$)/)[0] ?? '';
}

/** The authors' claim: "our", an artifact or an availability verb ... */
const AUTHORS_WORDS =
  /\b(?:our|seen|details|information|videos?|we (?:will )?(?:release|provide|open-source|share|publish|make)|available|accessible|released?|open[- ]?sourced?|hosted|found|accessed|downloaded|visit|code|codes|implementations?|data|datasets?|benchmarks?|models?|weights|checkpoints?|demo|projects?|website|web ?page|homepage|page|repository|repo|resources|github|hugging ?face)\b/i;
/** ... that leads into the link. */
const LEADS_INTO_LINK =
  /(?:\b(?:at|on|from|to|through|via|in|here|under|is|are|see|visit|available|accessible|released|open-?sourced|accessed|github|repository|page|website|homepage)(?:\s+(?:the|this|our))?|:|\s[-–—])\s*[([$]*\s*$/i;
const LIST_SEPARATOR = /^[\s,;&/]*(?:and|or)?[\s,]*$/i;

/** Something others made, taken up by the authors: "we use the data from", "using code in", "based on". */
const TAKES_UP =
  /\b(?:we (?:use|used|re-?use|re-?used|adopt|adopted|borrow|borrowed|employ|employed|leverage|leveraged|utili[sz]ed?|follow|followed|extend|extended|build (?:up)?on|built (?:up)?on|rely on|relied on|start from|started from)|using|based on|built (?:up)?on(?: top of)?|adapted from|borrowed from|taken from|obtained from|derived from|provided by|released by|courtesy of|thanks to|(?:existing|original|public|third[- ]party) (?:code|codes|implementations?|data|datasets?|models?|checkpoints?))\b/i;
/** ... said of an artifact or of the link itself: "using code in URL", not "trained using TPUs, ... at URL". */
const THIRD_PARTY_BEFORE = new RegExp(
  String.raw`${TAKES_UP.source}(?:\s+(?:(?:the|a|an|their|its|public|publicly|available|open-source|official|original|pre-?trained|existing|same|\w+'s)\s+)*(?:code|codes|implementations?|data|datasets?|models?|weights|checkpoints?|toolkits?|library|libraries|frameworks?|repository|repo|benchmarks?|splits?|annotations?)\b(?:(?!\bour\b)[^,;])*|\s*[([$]*)\s*$`,
  'i',
);
/** ... or after the link: "released at URL, which we extend". */
const THIRD_PARTY_AFTER =
  /^\W*(?:(?:which|that|and) we (?:extend|extended|build (?:up)?on|built (?:up)?on|modify|modified|adapt|adapted|use|used|re-?use|re-?used|follow|followed|fork|forked)|on (?:top of )?which we)\b/i;

/**
 * A link that opens its sentence stands as the authors' own; else the words before it must say so, and must
 * not say the authors took it from others.
 */
function isAuthorsOwn(words: string): boolean {
  if (words.trim() === '') return true;
  return AUTHORS_WORDS.test(words) && LEADS_INTO_LINK.test(words) && !THIRD_PARTY_BEFORE.test(words);
}

/** A linkify match holding several URLs typed without a space ("...Synthesis.https://..."), split. */
function unglued(raw: string): string[] {
  return raw.split(/(?=https?:\/\/)/i);
}

/**
 * The URL as it was meant: cut at quotes, spaces and characters no URL holds; trailing sentence
 * punctuation (also full-width) and unbalanced closing brackets dropped; `https://` put before a
 * scheme-less one; host lowercased. Undefined for anything but http(s), for credentials in the URL and
 * for hosts without a dot.
 */
export function cleanUrl(raw: string): string | undefined {
  let url = withoutTrailingPunctuation(raw.trim().split(/[\s"'“”‘’<>`{}\\]/)[0] ?? '');
  while (/[)\]]$/.test(url) && hasUnbalancedClose(url)) url = withoutTrailingPunctuation(url.slice(0, -1));
  if (!/^https?:\/\//i.test(url)) {
    // Scheme-less only from a domain name: not another scheme, a relative path or a bare DOI.
    if (!/^(?:[a-z0-9-]+\.)+[a-z]{2,}(?=[:/?#]|$)/i.test(url)) return undefined;
    url = `https://${url}`;
  }
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  if (parsed.username || parsed.password || !parsed.hostname.includes('.')) return undefined;
  const writtenPath = /^https?:\/\/[^/?#]*\//i.test(url);
  const path = parsed.pathname === '/' && !writtenPath ? '' : parsed.pathname;
  return `${parsed.protocol}//${parsed.host}${path}${parsed.search}${parsed.hash}`;
}

function withoutTrailingPunctuation(url: string): string {
  return url.replace(/[.,;:!?*…。，；：！？]+$/, '');
}

function hasUnbalancedClose(url: string): boolean {
  const close = url.at(-1) ?? '';
  const open = close === ')' ? '(' : '[';
  return url.split(close).length > url.split(open).length;
}

/** The cleaned link with its kind, host and repository; undefined when `raw` is no http(s) URL. */
export function classifyLink(raw: string, official = false): PaperLink | undefined {
  const url = cleanUrl(raw);
  if (!url) return undefined;
  const { hostname, pathname } = new URL(url);
  const host = withoutWww(hostname);
  const known = knownSite(host, pathSegments(pathname));
  const kind = known?.kind ?? (official ? 'project' : 'other');
  return {
    url,
    kind,
    host,
    ...(known?.repo ? { repo: known.repo } : {}),
    ...(known?.org ? { org: known.org } : {}),
    ...(official ? { official } : {}),
  };
}

/** `owner/name` of a code-host or Hugging Face repository URL, deep links included. */
export function repoName(url: string): string | undefined {
  return classifyLink(url)?.repo;
}

function withoutWww(hostname: string): string {
  return hostname.replace(/^www\./, '');
}

function pathSegments(pathname: string): string[] {
  return pathname.split('/').filter(Boolean);
}

/** Scheme-less text is a link only on a site we know, or after `www.`. */
function isWorthWithoutScheme(link: PaperLink): boolean {
  const { hostname, pathname } = new URL(link.url);
  return hostname.startsWith('www.') || knownSite(link.host, pathSegments(pathname)) !== undefined;
}

interface KnownSite {
  /** Absent where the authors' words decide (`project` when theirs, else `other`). */
  kind?: LinkKind;
  repo?: string;
  /** The organisation or user a page of a code host or Hugging Face belongs to, when it is no repository's. */
  org?: string;
}

/** Sites whose kind is the same on every page, matched with their subdomains. */
const KIND_BY_DOMAIN: Record<string, LinkKind> = {
  'sourceforge.net': 'code',
  // Anonymous GitHub mirrors, for double-blind review.
  'anonymous.4open.science': 'code',
  'pypi.org': 'code',
  'zenodo.org': 'dataset',
  'figshare.com': 'dataset',
  'datadryad.org': 'dataset',
  'dataverse.harvard.edu': 'dataset',
  'data.mendeley.com': 'dataset',
  'ieee-dataport.org': 'dataset',
  'hf.space': 'demo',
  'colab.research.google.com': 'demo',
  'replicate.com': 'demo',
  'youtube.com': 'video',
  'youtu.be': 'video',
  'vimeo.com': 'video',
  'bilibili.com': 'video',
  'arxiv.org': 'paper',
  'openreview.net': 'paper',
  'aclanthology.org': 'paper',
  'openaccess.thecvf.com': 'paper',
  'proceedings.neurips.cc': 'paper',
  'proceedings.mlr.press': 'paper',
  'biorxiv.org': 'paper',
  'medrxiv.org': 'paper',
  // Static-site hosts: a page there is some project's page.
  'github.io': 'project',
  'gitlab.io': 'project',
  'pages.dev': 'project',
  'netlify.app': 'project',
  'vercel.app': 'project',
  'readthedocs.io': 'project',
  'sites.google.com': 'project',
};

/** Hosts whose URLs are `/owner/name/...`. */
const OWNER_NAME_CODE_HOSTS = new Set([
  'github.com',
  'bitbucket.org',
  'codeberg.org',
  'gitee.com',
  'raw.githubusercontent.com',
]);

/** First path segments on github.com that are GitHub's own (product, account, help) pages, not owners: no code. */
const GITHUB_PAGES = new Set([
  'about',
  'account',
  'apps',
  'codespaces',
  'collections',
  'contact',
  'customer-stories',
  'dashboard',
  'enterprise',
  'events',
  'explore',
  'features',
  'git-guides',
  'home',
  'issues',
  'join',
  'login',
  'logout',
  'marketplace',
  'new',
  'notifications',
  'organizations',
  'password_reset',
  'premium-support',
  'pricing',
  'pulls',
  'readme',
  'search',
  'security',
  'session',
  'settings',
  'signup',
  'site',
  'solutions',
  'sponsors',
  'team',
  'topics',
  'trending',
  'why-github',
]);

/** DOI prefixes of data repositories: Zenodo, figshare, IEEE DataPort, Dryad, Dataverse, Mendeley Data, Kaggle. */
const DATA_DOI_PREFIXES = new Set([
  '10.5281',
  '10.6084',
  '10.21227',
  '10.5061',
  '10.7910',
  '10.17632',
  '10.34740',
]);

const GITLAB = 'gitlab.';
const HUGGING_FACE_HOSTS = ['huggingface.co', 'hf.co'];
const KAGGLE = 'kaggle.com';
const DOI_HOSTS = ['doi.org', 'dx.doi.org'];

/** A host knownSite knows (or a `www.` one) written without a scheme: only then are scheme-less links sought. */
const SCHEMELESS_KNOWN_SITE = new RegExp(
  `(?<![/\\w.-])(?:[\\w-]+\\.)*(?:${[
    'www.',
    GITLAB,
    KAGGLE,
    ...HUGGING_FACE_HOSTS,
    ...DOI_HOSTS,
    ...OWNER_NAME_CODE_HOSTS,
    ...Object.keys(KIND_BY_DOMAIN),
  ]
    .map((domain) => domain.replaceAll('.', '\\.'))
    .join('|')})`,
  'i',
);

function knownSite(host: string, segments: string[]): KnownSite | undefined {
  const [first = '', second] = segments;
  if (OWNER_NAME_CODE_HOSTS.has(host)) {
    if (host === 'github.com') {
      // github.com/orgs/ORG/repositories, github.com/ORG/: an organisation's (or a user's) repositories.
      if (first === 'orgs') return second ? { kind: 'code', org: second } : { kind: 'other' };
      if (GITHUB_PAGES.has(first.toLowerCase())) return { kind: 'other' };
    }
    if (!first) return { kind: 'other' };
    const repo = ownerName(first, second);
    return repo ? { kind: 'code', repo } : { kind: 'code', org: first };
  }
  if (host === 'gist.github.com') return { kind: 'code' };
  if (host.startsWith(GITLAB)) return { kind: 'code', repo: gitlabRepo(segments) };
  if (HUGGING_FACE_HOSTS.includes(host)) return huggingFaceSite(segments);
  if (host === KAGGLE && (first === 'datasets' || first === 'competitions')) return { kind: 'dataset' };
  if (DOI_HOSTS.includes(host)) {
    return { kind: DATA_DOI_PREFIXES.has(first) ? 'dataset' : 'paper' };
  }
  const domain = Object.keys(KIND_BY_DOMAIN).find((d) => host === d || host.endsWith(`.${d}`));
  return domain ? { kind: KIND_BY_DOMAIN[domain] as LinkKind } : undefined;
}

function ownerName(owner: string | undefined, name: string | undefined): string | undefined {
  const bareName = name?.replace(/\.git$/, '');
  return owner && bareName ? `${owner}/${bareName}` : undefined;
}

/** GitLab projects may sit in subgroups: the path up to `/-/` (or an old-style `tree`/`blob`). */
function gitlabRepo(segments: string[]): string | undefined {
  const end = segments.findIndex((segment) => ['-', 'tree', 'blob', 'raw'].includes(segment));
  const project = end === -1 ? segments : segments.slice(0, end);
  if (project.length < 2) return undefined;
  return ownerName(project.slice(0, -1).join('/'), project.at(-1));
}

/** First path segments on huggingface.co that are site pages, not organisations. */
const HUGGING_FACE_PAGES = new Set([
  'api',
  'blog',
  'chat',
  'collections',
  'docs',
  'join',
  'learn',
  'login',
  'models',
  'organizations',
  'posts',
  'pricing',
  'settings',
  'tasks',
]);

function huggingFaceSite(segments: string[]): KnownSite | undefined {
  const [first = '', second, third] = segments;
  if (first === 'datasets') return { kind: 'dataset', repo: ownerName(second, third) };
  if (first === 'spaces') return { kind: 'demo', repo: ownerName(second, third) };
  if (first === 'papers') return { kind: 'paper' };
  if (!first || HUGGING_FACE_PAGES.has(first)) return undefined;
  // huggingface.co/ORG: an organisation's (or a user's) page, its models, datasets and Spaces.
  if (!second) return { org: first };
  return { kind: 'model', repo: ownerName(first, second) };
}

function inOrder(links: PaperLink[]): PaperLink[] {
  const rank = (link: PaperLink) => (link.official ? 0 : 2) + (link.kind === 'code' ? 0 : 1);
  return links
    .map((link, index) => ({ link, index }))
    .sort((a, b) => rank(a.link) - rank(b.link) || a.index - b.index)
    .map(({ link }) => link);
}

/** Keeps the first of each URL, and of each repository where one of its links is the repository itself. */
function withoutDuplicates(links: PaperLink[]): PaperLink[] {
  const urls = new Set<string>();
  const repos = new Set<string>();
  const reposLinkedThemselves = new Set<string>();
  return links.filter((link) => {
    const url = urlKey(link.url);
    const repo = link.repo && `${siteOf(link)} ${link.kind} ${link.repo.toLowerCase()}`;
    const isRepoItself = repo !== undefined && linksRepoItself(link);
    if (urls.has(url)) return false;
    if (repo && (reposLinkedThemselves.has(repo) || (isRepoItself && repos.has(repo)))) return false;
    urls.add(url);
    if (repo) repos.add(repo);
    if (repo && isRepoItself) reposLinkedThemselves.add(repo);
    return true;
  });
}

function urlKey(url: string): string {
  const { hostname, pathname, search } = new URL(url);
  return `${withoutWww(hostname)}${pathname.replace(/\/+$/, '')}${search}`;
}

function siteOf(link: PaperLink): string {
  return HUGGING_FACE_HOSTS.includes(link.host) ? 'huggingface.co' : link.host;
}

function linksRepoItself(link: PaperLink): boolean {
  const path = new URL(link.url).pathname.replace(/\/+$/, '').replace(/\.git$/, '');
  return path.toLowerCase().endsWith(`/${link.repo?.toLowerCase()}`);
}
