import { useEffect, useState } from 'preact/hooks';
import type { LinkKind, PaperLink } from '@/lib/paper';
import { webHref } from '@/lib/web-url';

/** What a reader looks for first: the code, then what runs it, then the rest. */
const KIND_ORDER: LinkKind[] = ['code', 'model', 'dataset', 'demo', 'project', 'video', 'paper', 'other'];
const KIND_LABEL: Record<LinkKind, string> = {
  code: 'Code',
  model: 'Model',
  dataset: 'Dataset',
  demo: 'Demo',
  project: 'Project',
  video: 'Video',
  paper: 'Paper',
  other: 'Link',
};

/** Code first, then by kind; within a kind the order findLinks gave (official first). */
function byKind(links: PaperLink[]): PaperLink[] {
  return links
    .map((link, i) => ({ link, i }))
    .sort((a, b) => KIND_ORDER.indexOf(a.link.kind) - KIND_ORDER.indexOf(b.link.kind) || a.i - b.i)
    .map(({ link }) => link);
}

/** `github.com/google/sentencepiece`: host and path, without scheme or trailing slash. */
function shortUrl(link: PaperLink): string {
  if (link.repo) return `${link.host}/${link.repo}`;
  try {
    const { pathname, search } = new URL(link.url);
    return `${link.host}${pathname.replace(/\/$/, '')}${search}`;
  } catch {
    return link.url;
  }
}

export interface CodeLinksProps {
  links?: PaperLink[];
  /** Only links of these kinds (the library's rows show code alone); all when absent. */
  kinds?: LinkKind[];
}

/** A paper's links, code first: one click opens a link, one copies its URL. */
export function CodeLinks({ links = [], kinds }: CodeLinksProps) {
  const [copied, setCopied] = useState<{ url: string; ok: boolean }>();
  useEffect(() => {
    if (!copied) return;
    const timer = setTimeout(() => setCopied(undefined), 1500);
    return () => clearTimeout(timer);
  }, [copied]);

  const shown = byKind(kinds ? links.filter((link) => kinds.includes(link.kind)) : links);
  if (shown.length === 0) return null;

  const copy = (url: string) =>
    navigator.clipboard.writeText(url).then(
      () => setCopied({ url, ok: true }),
      () => setCopied({ url, ok: false }),
    );

  return (
    <ul class="links" data-testid="links">
      {shown.map((link) => (
        <li key={link.url} class={`link link-${link.kind}`}>
          <span class="link-kind">{KIND_LABEL[link.kind]}</span>
          <a
            data-testid="code-link"
            data-kind={link.kind}
            href={webHref(link.url)}
            target="_blank"
            rel="noreferrer"
            title={link.url}
          >
            {shortUrl(link)}
          </a>
          {link.official && (
            <span class="link-official" title="Given by the authors">
              official
            </span>
          )}
          <button
            type="button"
            class="link-copy"
            data-testid="copy-link"
            aria-label={`Copy ${link.url}`}
            onClick={() => copy(link.url)}
          >
            {copied?.url === link.url ? (copied.ok ? 'Copied' : 'Copy failed') : 'Copy'}
          </button>
        </li>
      ))}
    </ul>
  );
}
