/** Plain-text helpers shared by the extractors and the link finder. A leaf: it imports nothing from the project. */

/** Collapses every whitespace run (newlines, tabs, nbsp) to one space and trims. */
export function collapseWhitespace(text: string): string {
  // Only runs and non-space whitespace: rewriting every single space is slow on a 20 MB page.
  return text.replace(/\s{2,}|[^\S ]/g, ' ').trim();
}

const NAMED_ENTITIES: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: '\u00a0',
};

/**
 * One round of HTML-entity decoding on plain text (`D&#39;Mello` -> `D'Mello`), for values a site
 * escaped twice. The result is text: nothing is parsed as markup.
 */
export function decodeHtmlEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (entity, body: string) => {
    if (body[0] !== '#') return NAMED_ENTITIES[body.toLowerCase()] ?? entity;
    const code =
      body[1] === 'x' || body[1] === 'X' ? Number.parseInt(body.slice(2), 16) : Number(body.slice(1));
    return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : entity;
  });
}
