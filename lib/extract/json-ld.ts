/**
 * The paper a page describes in schema.org JSON-LD (`<script type="application/ld+json">`): a `ScholarlyArticle`,
 * `MedicalScholarlyArticle` or `Article`, at the top, in an `@graph` (arrays in it included) or as a page's
 * `mainEntity`; its authors may be nodes of the `@graph` it names by `@id`. Strings are decoded of the HTML entities
 * some sites leave in them. A block is read as browsers' and search engines' readers take it: line breaks and tabs
 * inside its strings, a CDATA or comment wrapper and a trailing semicolon do not lose it.
 */
import { parseDoi } from '../ids';
import { isSummary } from './abstract-element';
import { firstLast, isJsonObject, type Json, jsonText, parseJson } from './common';

export interface JsonLdArticle {
  title?: string;
  authors: string[];
  /** Its `abstract`; never a TL;DR or summary given as one. */
  abstract?: string;
  /** Its `description`: often the abstract, sometimes a teaser or a copy cut short. */
  description?: string;
  doi?: string;
  /** As written (`2011-07-12T00:00:00Z`, `4 April 2022`). */
  datePublished?: string;
  /** The periodical it is part of. */
  journal?: string;
  /** A scholarly type, or an article with a DOI: a paper, not a blog post or a news story. */
  scholarly: boolean;
}

const SCHOLARLY_TYPES = new Set(['ScholarlyArticle', 'MedicalScholarlyArticle']);
const ARTICLE_TYPES = new Set([...SCHOLARLY_TYPES, 'Article']);
// A page's JSON-LD nests a few levels at most; a hostile one is not walked deeper.
const MAX_DEPTH = 6;

/** The article the page's JSON-LD describes, a scholarly one first; undefined when there is none. */
export function jsonLdArticle(doc: Document): JsonLdArticle | undefined {
  const articles: Json[] = [];
  const nodes = new Map<string, Json>();
  for (const script of doc.querySelectorAll('script[type*="ld+json" i]')) {
    // A broken block says nothing; the others may.
    collectArticles(parseBlock(script.textContent ?? ''), articles, nodes, 0);
  }
  // `{"@id": "#/schema/person/1"}`: the node of that id, where the article only points at it.
  const resolved = (value: unknown): unknown =>
    isJsonObject(value) &&
    typeof value['@id'] === 'string' &&
    value.name === undefined &&
    value.familyName === undefined
      ? (nodes.get(value['@id']) ?? value)
      : value;
  const node =
    articles.find((article) => types(article).some((type) => SCHOLARLY_TYPES.has(type))) ?? articles[0];
  if (!node) return undefined;
  const doi = doiOf(node);
  return {
    title: text(node.headline) ?? text(node.name),
    authors: list(node.author ?? node.creator)
      .map(resolved)
      .flatMap(personName),
    abstract: list(node.abstract)
      .filter((item) => !(isJsonObject(item) && isSummary(`${types(item)} ${text(item.name) ?? ''}`)))
      .map((item) => (isJsonObject(item) ? text(item.text) : text(item)))
      .find((abstract) => abstract && !isSummary(abstract)),
    description: text(node.description),
    doi,
    datePublished: text(node.datePublished),
    journal: periodicalName(node.isPartOf, 0),
    scholarly: types(node).some((type) => SCHOLARLY_TYPES.has(type)) || doi !== undefined,
  };
}

// What wraps a block's JSON on some sites: `/*<![CDATA[*/ … /*]]>*/`, `<!-- … -->`, a trailing `;`.
const WRAPPER =
  /^\s*(?:\/\*\s*<!\[CDATA\[\s*\*\/|\/\/\s*<!\[CDATA\[|<!--)|(?:\/\*\s*\]\]>\s*\*\/|\/\/\s*\]\]>|-->)\s*$|;\s*$/g;
// Control characters JSON forbids in its strings; pages leave the abstract's line breaks in them.
// biome-ignore lint/suspicious/noControlCharactersInRegex: these are what is looked for
const CONTROL = /[\u0000-\u001f]/g;

function parseBlock(text: string): unknown {
  return parseJson(text) ?? parseJson(text.replace(WRAPPER, '').replace(CONTROL, ' '));
}

/** The articles in a block, into `into`, and its nodes by their `@id`, into `nodes`. */
function collectArticles(value: unknown, into: Json[], nodes: Map<string, Json>, depth: number): void {
  if (depth > MAX_DEPTH) return;
  if (Array.isArray(value)) {
    for (const item of value) collectArticles(item, into, nodes, depth + 1);
    return;
  }
  if (!isJsonObject(value)) return;
  if (types(value).some((type) => ARTICLE_TYPES.has(type))) into.push(value);
  if (typeof value['@id'] === 'string' && !nodes.has(value['@id'])) nodes.set(value['@id'], value);
  collectArticles(value['@graph'], into, nodes, depth + 1);
  collectArticles(value.mainEntity, into, nodes, depth + 1);
}

const list = (value: unknown): unknown[] => {
  if (isJsonObject(value) && Array.isArray(value['@list'])) return value['@list'];
  return Array.isArray(value) ? value : value === undefined || value === null ? [] : [value];
};

/** `@type` names, without a vocabulary prefix (`http://schema.org/ScholarlyArticle`, `schema:Article`). */
const types = (node: Json): string[] =>
  list(node['@type'])
    .filter((type): type is string => typeof type === 'string')
    .map((type) => type.replace(/^.*[/:#]/, ''));

/** Plain text of a value, or of the first of a list, or of a `@value`; undefined when there is none. */
function text(value: unknown): string | undefined {
  const [first] = list(value);
  return isJsonObject(first) ? text(first['@value']) : jsonText(first);
}

/**
 * A `Person` (its `name`, else given and family names) or a plain string, "Last, First" as "First Last"; an
 * `Organization` by its name as written ("University of Bees, Department of Hives").
 */
function personName(author: unknown): string[] {
  const name = isJsonObject(author)
    ? (text(author.name) ?? [text(author.givenName), text(author.familyName)].filter(Boolean).join(' '))
    : text(author);
  if (!name) return [];
  return [isJsonObject(author) && types(author).includes('Organization') ? name : firstLast(name)];
}

/** The DOI in `identifier` (a string, a PropertyValue or a node's `@id`), `sameAs`, `url` or `@id`. */
function doiOf(node: Json): string | undefined {
  const candidates = [node.identifier, node.sameAs, node.url, node['@id']].flatMap(list);
  for (const candidate of candidates) {
    const value = isJsonObject(candidate) ? (candidate.value ?? candidate['@id']) : candidate;
    const doi = typeof value === 'string' ? parseDoi(value) : undefined;
    if (doi) return doi;
  }
  return undefined;
}

/** The name of the `Periodical` an article is part of, through its issue and volume. */
function periodicalName(isPartOf: unknown, depth: number): string | undefined {
  if (depth > MAX_DEPTH) return undefined;
  for (const part of list(isPartOf)) {
    if (!isJsonObject(part)) continue;
    if (types(part).includes('Periodical')) return text(part.name);
    const name = periodicalName(part.isPartOf, depth + 1);
    if (name) return name;
  }
  return undefined;
}
