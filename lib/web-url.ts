/**
 * Links are web links: every `href` Papershelf renders and every URL it keeps is http(s). A `javascript:` or
 * `data:` URL (a hostile page, a crafted backup) is never a link.
 */
export function isWebUrl(url: unknown): url is string {
  if (typeof url !== 'string' || !/^https?:\/\//i.test(url)) return false;
  try {
    return /^https?:$/.test(new URL(url).protocol);
  } catch {
    return false;
  }
}

/** What an `<a>` may point at: `url` when it is a web link; otherwise no href at all. */
export const webHref = (url: string | undefined): string | undefined => (isWebUrl(url) ? url : undefined);
