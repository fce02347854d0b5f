/** "Clip this page" failures, each told in words a reader can act on (lib/read-page-errors.ts). */
import { describe, expect, it } from 'vitest';
import { readPageError } from '../../lib/read-page-errors';

describe('readPageError', () => {
  // The messages Chromium's scripting.executeScript rejects with, as it words them.
  it.each([
    ['Cannot access a chrome:// URL', /Browser pages and extension stores/],
    ['The extensions gallery cannot be scripted.', /Browser pages and extension stores/],
    [
      'Cannot access contents of the page. Extension manifest must request permission to access the respective host.',
      /click its toolbar button on the page/,
    ],
    [
      'Cannot access contents of url "file:///home/me/paper.html". Extension manifest must request permission to access this host.',
      /file URLs/,
    ],
    ['No tab with id: 42.', /tab was closed/],
    ['Frame with ID 0 is showing error page', /did not load/],
  ])('%s', (said, expected) => {
    expect(readPageError(said)).toMatch(expected);
  });

  it('says what the browser said when the case is unknown', () => {
    expect(readPageError('Something new')).toBe('Papershelf could not read this page: Something new');
  });
});
