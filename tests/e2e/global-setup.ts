import { chromiumPath } from './harness';

/** Before any test: no Chromium fails the whole run at once, with the way to get one (never a skip). */
export default function checkChromium(): void {
  try {
    chromiumPath();
  } catch (error) {
    console.error(`\nEnd-to-end tests cannot run: ${(error as Error).message}\n`);
    process.exit(1);
  }
}
