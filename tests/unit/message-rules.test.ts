/** Who may send what to the background, and in what shape (lib/message-rules.ts). */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { extractPapers } from '../../lib/extract/index';
import { checkMessage, MessageRefused, roleOf, type Sender } from '../../lib/message-rules';
import { REQUEST_TYPES, type RequestType } from '../../lib/messages';
import { parseHtml } from '../../lib/node/parse-html';
import type { HfInfo, Paper, PaperLink } from '../../lib/paper';

const EXTENSION_ID = 'abcdefghijklmnop';
const ORIGIN = `chrome-extension://${EXTENSION_ID}/`;
const content: Sender = { role: 'content', tabId: 7, url: 'https://arxiv.org/abs/1' };
const panel: Sender = { role: 'panel', tabId: 7 };
const page: Sender = { role: 'extension' };

const attention = extractPapers(
  parseHtml(readFileSync('tests/fixtures/arxiv-abs/1706.03762v7-2026-08-newheader.html', 'utf8')),
  'https://arxiv.org/abs/1706.03762v7',
)[0] as Paper;

describe('roleOf', () => {
  it('tells an extension page by its URL, even opened in a tab, and a content script by its tab and page', () => {
    expect(
      roleOf({ id: EXTENSION_ID, url: `${ORIGIN}popup.html?tabId=3`, tab: { id: 4 } }, EXTENSION_ID, ORIGIN),
    ).toEqual(page);
    expect(roleOf({ id: EXTENSION_ID, url: `${ORIGIN}offscreen.html` }, EXTENSION_ID, ORIGIN)).toEqual(page);
    expect(
      roleOf(
        { id: EXTENSION_ID, url: 'https://arxiv.org/abs/1', tab: { id: 7 }, frameId: 0 },
        EXTENSION_ID,
        ORIGIN,
      ),
    ).toEqual(content);
  });

  it('gives the on-page panel, framed in a tab, the panel role and nothing more', () => {
    const framed = { id: EXTENSION_ID, url: `${ORIGIN}panel.html`, tab: { id: 7 }, frameId: 3 };
    expect(roleOf(framed, EXTENSION_ID, ORIGIN)).toEqual(panel);
    // Not in a tab, it asks about no tab.
    expect(roleOf({ ...framed, tab: undefined }, EXTENSION_ID, ORIGIN)).toBeUndefined();
  });

  it('gives no role to another extension, a frame of the page, or a sender with neither', () => {
    expect(roleOf({ id: 'other', url: `${ORIGIN}popup.html` }, EXTENSION_ID, ORIGIN)).toBeUndefined();
    expect(roleOf({ id: EXTENSION_ID, url: 'https://evil.example/' }, EXTENSION_ID, ORIGIN)).toBeUndefined();
    expect(
      roleOf(
        { id: EXTENSION_ID, url: 'https://evil.example/', tab: { id: 7 }, frameId: 5 },
        EXTENSION_ID,
        ORIGIN,
      ),
    ).toBeUndefined();
  });
});

describe('checkMessage', () => {
  it.each(['constructor', 'hasOwnProperty', '__proto__', 'toString', 'no-such-type', 42, undefined])(
    'refuses the unknown type %s with a clear error',
    (type) => {
      expect(() => checkMessage({ type }, page)).toThrow(MessageRefused);
      expect(() => checkMessage({ type }, page)).toThrow(/unknown type/);
    },
  );

  // Written from the design, not read off the rules: what a content script (on a page anyone may script) and
  // the on-page panel may ask. Every other request of the contract is the extension's own pages' alone, and
  // `index-sync` is the background's to its index, from no sender.
  const CONTENT: RequestType[] = [
    'page-papers',
    'page-saved',
    'clip-entry',
    'clip-shown',
    'page-related',
    'listing-related',
  ];
  const PANEL: RequestType[] = ['panel-content', 'panel-clip', 'panel-show'];
  const FROM_NO_SENDER: RequestType[] = ['index-sync'];
  const allowed = (type: RequestType, sender: Sender): boolean =>
    !FROM_NO_SENDER.includes(type) &&
    (sender.role === 'content'
      ? CONTENT.includes(type)
      : sender.role === 'panel'
        ? PANEL.includes(type)
        : !CONTENT.includes(type) && !PANEL.includes(type));

  it.each(REQUEST_TYPES.flatMap((type) => [content, panel, page].map((sender) => ({ type, sender }))))(
    '$type from $sender.role',
    ({ type, sender }) => {
      // The payload is empty: a request its sender may send can still be refused for its shape, never its role.
      const asked = () => checkMessage({ type }, sender);
      if (allowed(type, sender)) expect(asked).not.toThrow(/not accepted from|unknown type/);
      else expect(asked).toThrow(/not accepted from|unknown type/);
    },
  );

  it('bounds every part of a paper a page sends: papers per report, title, authors, links', () => {
    const report = (paper: unknown, papers = [paper]) =>
      checkMessage({ type: 'page-papers', url: 'https://arxiv.org/abs/1', papers }, content);
    expect(() => report(attention, [attention, attention])).toThrow(/papers has more than 1 entries/);
    expect(() => report({ ...attention, title: 't'.repeat(2001) })).toThrow(/papers\.0\.title is longer/);
    expect(() => report({ ...attention, authors: Array(5001).fill('A B') })).toThrow(
      /authors has more than 5000/,
    );
    expect(() => report({ ...attention, authors: ['a'.repeat(501)] })).toThrow(/authors\.0 is longer/);
    const link = { url: 'https://github.com/a/b', kind: 'code', host: 'github.com' };
    expect(() => report({ ...attention, links: Array(501).fill(link) })).toThrow(/links has more than 500/);
    expect(() =>
      report({ ...attention, source: { ...attention.source, url: 'javascript:alert(1)' } }),
    ).toThrow(/source\.url is not an http/);
    const listing = Array.from({ length: 5001 }, (_, i) => `arxiv:2501.${i}`);
    expect(() =>
      checkMessage({ type: 'page-papers', url: 'https://arxiv.org/list/cs/new', listing }, content),
    ).toThrow(/listing has more than 5000/);
    expect(() =>
      checkMessage({ type: 'page-saved', url: 'https://arxiv.org/list/cs/new', ids: listing }, content),
    ).toThrow(/ids has more than 5000/);
    expect(() => report(attention)).not.toThrow();
  });

  it('refuses page-papers from a page of the extension, and any message from a sender without a role', () => {
    const report = { type: 'page-papers', url: 'https://arxiv.org/abs/1706.03762v7', papers: [attention] };
    expect(() => checkMessage(report, page)).toThrow(/not accepted from extension/);
    expect(() => checkMessage(report, undefined)).toThrow(MessageRefused);
    expect(checkMessage(report, content)).toEqual(report);
  });

  it('passes every field of a real extracted paper unchanged', () => {
    const report = { type: 'page-papers', url: 'https://arxiv.org/abs/1706.03762v7', papers: [attention] };
    expect(checkMessage(report, content)).toEqual(report);
  });

  it('passes a paper with every field the Paper type has (a field added to the type must be added to the schema)', () => {
    // Required<>: adding a field to Paper, PaperLink or HfInfo fails to compile here until it is listed.
    const link: Required<PaperLink> = {
      url: 'https://github.com/org',
      kind: 'code',
      host: 'github.com',
      repo: 'org/repo',
      org: 'org',
      official: true,
      from: 'arxiv-abs',
    };
    const hf: Required<HfInfo> = {
      upvotes: 3,
      githubRepo: 'https://github.com/org/repo',
      projectPage: 'https://org.example/',
      githubStars: 10,
      numComments: 2,
    };
    const every: Required<Paper> = {
      ...attention,
      arxivId: '1706.03762',
      version: 7,
      title: 't',
      authors: ['a'],
      abstract: 'x',
      submitted: '2017-06-12',
      updated: '2023-08-02',
      primaryCategory: 'cs.CL',
      categories: ['cs.CL', 'cs.LG'],
      comments: 'c',
      journalRef: 'j',
      doi: '10.1/x',
      pdfUrl: 'https://arxiv.org/pdf/1706.03762v7',
      absUrl: 'https://arxiv.org/abs/1706.03762v7',
      links: [link],
      hf,
      incomplete: true,
    };
    expect(
      checkMessage({ type: 'page-papers', url: 'https://arxiv.org/abs/1', papers: [every] }, content),
    ).toEqual({
      type: 'page-papers',
      url: 'https://arxiv.org/abs/1',
      papers: [every],
    });
  });

  it("drops what a page did not say: a clip never carries the library's own fields", () => {
    const stale = { ...attention, savedAt: 1, changedAt: 2, tags: ['x'], note: 'n' };
    const checked = checkMessage(
      { type: 'page-papers', url: 'https://arxiv.org/abs/1', papers: [stale] },
      content,
    ) as {
      papers: Paper[];
    };
    expect(checked.papers[0]).toEqual(attention);
  });

  it('refuses a 50 MB abstract, naming the field', () => {
    const huge = { ...attention, abstract: 'a'.repeat(50 * 1024 * 1024) };
    expect(() =>
      checkMessage({ type: 'page-papers', url: 'https://arxiv.org/abs/1', papers: [huge] }, content),
    ).toThrow(/papers\.0\.abstract is longer than 100000 characters/);
  });

  it('refuses payloads of the wrong shape', () => {
    expect(() => checkMessage({ type: 'tab-state', tabId: 'all' }, page)).toThrow(/tabId/);
    expect(() => checkMessage({ type: 'tab-state', tabId: -1 }, page)).toThrow(/tabId/);
    expect(() =>
      checkMessage(
        {
          type: 'page-papers',
          url: 'https://arxiv.org/abs/1',
          papers: [{ ...attention, links: [{ url: 'javascript:alert(1)', kind: 'code', host: 'x' }] }],
        },
        content,
      ),
    ).toThrow(/links\.0\.url is not an http\(s\) URL/);
    expect(() =>
      checkMessage(
        { type: 'page-papers', url: 'https://arxiv.org/abs/1', papers: [{ title: 'no id' }] },
        content,
      ),
    ).toThrow(/id/);
    expect(() => checkMessage({ type: 'clip', tabId: 3, ids: 'all' }, page)).toThrow(/ids/);
  });

  it('takes a search filtered by one of the three sites, and no other', () => {
    const search = (site: unknown) => ({ type: 'search', query: '', filters: { site }, limit: 50 });
    for (const site of ['arxiv', 'huggingface', 'web']) {
      expect(checkMessage(search(site), page)).toEqual(search(site));
    }
    expect(() => checkMessage(search('github'), page)).toThrow(/filters\.site/);
  });
});
