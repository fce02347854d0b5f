/**
 * Chromium for the bench, with a copy of the built extension: others may rebuild `.output/chrome-mv3` while a
 * run lasts (it takes minutes), and Chromium reads the extension's files as it goes. The profile and the copy
 * live in one temp directory, removed on close.
 */
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';
import { type Browser, chromiumPath } from '../../tests/e2e/harness';

export const BUILT = resolve('.output/chrome-mv3');

async function unusedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as { port: number };
  await new Promise((done) => server.close(done));
  return port;
}

export async function launchCopy(): Promise<Browser> {
  const root = mkdtempSync(join(tmpdir(), 'papershelf-bench-'));
  const extension = join(root, 'extension');
  cpSync(BUILT, extension, { recursive: true });
  const debugPort = await unusedPort();
  try {
    const context = await chromium.launchPersistentContext(join(root, 'profile'), {
      executablePath: chromiumPath(),
      headless: true,
      args: [
        `--load-extension=${extension}`,
        `--disable-extensions-except=${extension}`,
        `--remote-debugging-port=${debugPort}`,
        // Lets CDP reach the extension's targets (the offscreen document and its worker).
        '--enable-unsafe-extension-debugging',
        '--no-sandbox',
        '--no-first-run',
        '--disable-gpu',
        '--disable-sync',
        '--disable-component-update',
        '--disable-background-networking',
      ],
    });
    // Nothing leaves the machine: pages not served by the bench are 404s.
    await context.route(/^https?:\/\//, (route) =>
      route.fulfill({ status: 404, body: 'not served by the bench' }),
    );
    const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
    return {
      context,
      worker,
      extensionId: new URL(worker.url()).host,
      debugPort,
      close: async () => {
        await context.close().catch(() => {});
        rmSync(root, { recursive: true, force: true });
      },
    };
  } catch (error) {
    rmSync(root, { recursive: true, force: true });
    throw error;
  }
}
