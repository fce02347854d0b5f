/** Node-side HTML parsing for the CLI, tests and benchmarks; the extension gets its Document from the browser. */
import { DOMParser } from 'linkedom';

export function parseHtml(html: string): Document {
  return new DOMParser().parseFromString(html, 'text/html') as unknown as Document;
}
