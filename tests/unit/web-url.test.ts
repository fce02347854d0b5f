/** Links are web links (lib/web-url.ts): what an `<a>` Papershelf renders may point at. */
import { describe, expect, it } from 'vitest';
import { isWebUrl, webHref } from '../../lib/web-url';

describe('webHref', () => {
  it('keeps http(s) links', () => {
    for (const url of [
      'https://arxiv.org/abs/1706.03762',
      'http://example.org/a?b=c#d',
      'HTTPS://GitHub.com/x',
    ])
      expect(webHref(url)).toBe(url);
  });

  it('drops every other scheme, and what is not a URL', () => {
    for (const url of [
      'javascript:alert(1)',
      ' javascript:alert(1)',
      'JaVaScRiPt:alert(1)',
      'data:text/html,<script>alert(1)</script>',
      'vbscript:x',
      'file:///etc/passwd',
      '//evil.example/',
      '/relative',
      'https://',
      '',
      undefined,
    ]) {
      expect(webHref(url)).toBeUndefined();
      expect(isWebUrl(url)).toBe(false);
    }
  });
});
