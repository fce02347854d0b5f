import { browserName, browserPath } from './harness';

/** Before any test: no browser fails the whole run at once, with the way to get one (never a skip). */
export default function checkBrowser(): void {
  try {
    browserPath();
  } catch (error) {
    console.error(`\nEnd-to-end tests in ${browserName} cannot run: ${(error as Error).message}\n`);
    process.exit(1);
  }
}
