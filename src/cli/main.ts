import { cac } from 'cac';
import { LamasError, UsageError } from '../util/errors.ts';
import { commands } from './commands.ts';

/**
 * The only place that turns errors into exit codes (0 ok, 2 bad usage/input, 1 other).
 * Library code never calls process.exit.
 */
export async function main(argv: string[]): Promise<number> {
  const cli = cac('lamas');
  for (const register of commands) register(cli);
  cli.help();
  cli.version(process.env.npm_package_version ?? '0.1.0');
  try {
    const parsed = cli.parse(['node', 'lamas', ...argv], { run: false });
    if (parsed.options.help || parsed.options.version) return 0;
    if (!cli.matchedCommand) {
      if (argv.length === 0) {
        cli.outputHelp();
        return 0;
      }
      throw new UsageError(`unknown command "${argv[0]}" (see lamas --help)`);
    }
    const exitCode: unknown = await cli.runMatchedCommand();
    return typeof exitCode === 'number' ? exitCode : 0;
  } catch (error) {
    return reportError(error);
  }
}

function reportError(error: unknown): number {
  if (LamasError.isInstance(error)) {
    process.stderr.write(`lamas: ${error.message}\n`);
    return error.exitCode;
  }
  // cac signals bad usage (unknown option, missing value) with CACError.
  if (error instanceof Error && error.name === 'CACError') {
    process.stderr.write(`lamas: ${error.message}\n`);
    return 2;
  }
  process.stderr.write(`lamas: unexpected failure\n${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  return 1;
}
