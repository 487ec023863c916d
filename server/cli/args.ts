import { parseArgs, type ParseArgsConfig } from 'node:util';

/**
 * node:util's parseArgs over this command's arguments. A wrong option ends the command with the
 * parser's own message ("Unknown option '--custmers'") and exit code 2, not a stack trace.
 */
export function commandLine<const T extends ParseArgsConfig>(config: T): ReturnType<typeof parseArgs<T>> {
  try {
    return parseArgs<T>({ args: process.argv.slice(2), ...config });
  } catch (err) {
    console.error((err as Error).message);
    process.exit(2);
  }
}
