import { cac } from 'cac';
import { LamasError, UsageError } from '../util/errors.ts';
import { isSystemError, systemErrorExitCode } from '../util/output-errors.ts';
import { commands } from './commands.ts';
import { flagsOf } from './flag-table.ts';

/**
 * The only place that turns errors into exit codes (0 ok, 2 bad usage/input, 1 other).
 * Library code never calls process.exit.
 */
export async function main(argv: string[]): Promise<number> {
  const cli = cac('lamas');
  try {
    // Flags only for the command named (its help and its unknown-option check need them), so
    // `lamas --help` (a list of commands) reads none (flag-table.ts).
    const flags = await flagsOf(commands.filter((command) => argv.includes(command.name)));
    for (const command of commands) {
      const defined = command.define(cli);
      for (const flag of flags.get(command) ?? []) defined.option(flag.raw, flag.help);
    }
    cli.help(withoutNegatedDefaults);
    cli.version(process.env.npm_package_version ?? '0.1.0');
    const parsed = cli.parse(['node', 'lamas', ...attachNegativeValues(argv)], { run: false });
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

/**
 * `--lambda-t -1` and `--lambda-t -1,0`: a flag's value that starts with a minus sign would be
 * read as a flag of its own (cac: "Unknown option `-1`"), so a numeric value is joined to its
 * flag as `--lambda-t=-1`. Only values made of digits, dots, commas and exponents qualify.
 */
export function attachNegativeValues(argv: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const token = argv[i]!;
    const next = argv[i + 1];
    if (/^--[a-z][\w-]*$/.test(token) && next !== undefined && /^-\.?\d[\d.,eE+-]*$/.test(next)) {
      out.push(`${token}=${next}`);
      i++;
    } else {
      out.push(token);
    }
  }
  return out;
}

/**
 * cac gives every `--no-x` flag the default `true` (the value of `x` when the flag is absent) and
 * prints it as "(default: true)" beside a flag that turns something off; the description alone
 * says what the flag does.
 */
export function withoutNegatedDefaults(sections: { title?: string; body: string }[]): { title?: string; body: string }[] {
  return sections.map((section) => ({ ...section, body: section.body.replace(/^(\s+--no-[\w-]+\s.*?)\s*\(default: true\)$/gm, '$1') }));
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
  // An OS error no command named a flag for (src/util/output-errors.ts): one line with the path
  // and the OS's words; exit 2 when the user can fix it (permissions, a full disk, a busy port).
  if (isSystemError(error)) {
    process.stderr.write(`lamas: ${error.message}\n`);
    return systemErrorExitCode(error);
  }
  process.stderr.write(`lamas: unexpected failure\n${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  return 1;
}
