import { firefoxPath } from './harness';

/** Before any test: no Firefox fails the whole run at once, with the way to get one (never a skip). */
export default function checkFirefox(): void {
  try {
    firefoxPath();
  } catch (error) {
    console.error(`\nEnd-to-end tests cannot run: ${(error as Error).message}\n`);
    process.exit(1);
  }
}
