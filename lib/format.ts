/** How papers read in the popup and the library: short author lists and excerpts. */

/** "A, B, C and 5 more" for long lists; all names when there are few. */
export function authorLine(authors: string[] = [], shown = 3): string {
  if (authors.length <= shown + 1) return authors.join(', ');
  return `${authors.slice(0, shown).join(', ')} and ${authors.length - shown} more`;
}

/** The first `max` characters of a text, cut at a word boundary, with an ellipsis when cut. */
export function excerpt(text = '', max = 320): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max);
  const lastSpace = cut.lastIndexOf(' ');
  return `${(lastSpace > max * 0.6 ? cut.slice(0, lastSpace) : cut).trimEnd()}…`;
}
