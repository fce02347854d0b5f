/** When a PDF counts as read (lib/pdf-reading.ts): loaded, and in front of the reader for a moment. */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { pdfReading, READ_AFTER_MS } from '../../lib/pdf-reading';

describe('pdfReading', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  /** One window, one tab at a time in front: the tab id and the PDF it shows. */
  function browser() {
    let front: { tabId: number; url: string } | undefined;
    const read: string[] = [];
    const watch = pdfReading({
      inFront: async (tabId) => (front?.tabId === tabId ? front.url : undefined),
      read: (_tabId, url) => void read.push(url),
    });
    return {
      read,
      watch,
      show: (tabId: number, url: string | undefined) => {
        front = url ? { tabId, url } : undefined;
        return watch.consider(tabId);
      },
    };
  }

  it('reads a PDF left in front of the reader, once', async () => {
    const b = browser();
    await b.show(1, 'https://arxiv.org/pdf/1706.03762');
    await vi.advanceTimersByTimeAsync(READ_AFTER_MS - 100);
    expect(b.read).toEqual([]);
    await vi.advanceTimersByTimeAsync(200);
    expect(b.read).toEqual(['https://arxiv.org/pdf/1706.03762']);
    // Coming back to the tab does not read it again.
    await b.show(1, 'https://arxiv.org/pdf/1706.03762');
    await vi.advanceTimersByTimeAsync(READ_AFTER_MS * 2);
    expect(b.read).toHaveLength(1);
  });

  it('a window walked through ten PDFs in five seconds reads at most the one left in front', async () => {
    const b = browser();
    for (let i = 0; i < 10; i++) {
      await b.show(1, `https://arxiv.org/pdf/2501.0000${i}`);
      await vi.advanceTimersByTimeAsync(500);
    }
    await vi.advanceTimersByTimeAsync(READ_AFTER_MS * 2);
    expect(b.read).toEqual(['https://arxiv.org/pdf/2501.00009']);
  });

  it('a PDF in a background tab, or one the reader left, is not read', async () => {
    const b = browser();
    await b.show(1, 'https://arxiv.org/pdf/1706.03762');
    // Another tab comes to the front before the moment is over.
    await vi.advanceTimersByTimeAsync(1000);
    await b.show(2, undefined);
    await vi.advanceTimersByTimeAsync(READ_AFTER_MS * 2);
    expect(b.read).toEqual([]);
    // A navigated tab is forgotten: the same PDF read again there later counts again.
    await b.show(1, 'https://arxiv.org/pdf/1706.03762');
    await vi.advanceTimersByTimeAsync(READ_AFTER_MS);
    b.watch.forget(1);
    await b.show(1, 'https://arxiv.org/pdf/1706.03762');
    await vi.advanceTimersByTimeAsync(READ_AFTER_MS);
    expect(b.read).toHaveLength(2);
  });
});
