/** How every command-line tool ends: its output on stdout, or one line on stderr and exit code 1, no stack. */
export async function runCli(name: string, main: () => string | Promise<string>): Promise<void> {
  try {
    process.stdout.write(await main());
  } catch (error) {
    process.stderr.write(`${name}: ${(error as Error).message.replace(/\s+/g, ' ')}\n`);
    process.exitCode = 1;
  }
}
