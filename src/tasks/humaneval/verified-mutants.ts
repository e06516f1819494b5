import type { Sandbox } from '../../sandbox/sandbox.ts';
import type { Random } from '../../util/random.ts';
import { mutateCode } from './mutate-code.ts';

export interface CodeUnderTest {
  prompt: string;
  test: string;
  entryPoint: string;
}

/**
 * Wrong code that really fails: mutants of the reference body that the hidden tests reject
 * when run in the sandbox. Mutants the tests cannot tell from the reference are dropped.
 */
export async function verifiedMutants(body: string, count: number, random: Random, code: CodeUnderTest, sandbox: Sandbox): Promise<string[]> {
  const failing: string[] = [];
  // In seeded order, stopping once there are enough: each check is a sandboxed run.
  for (const mutant of mutateCode(body, count * 3, random)) {
    if (failing.length >= count) return failing;
    if (await failsTests(mutant, code, sandbox)) failing.push(mutant);
  }
  if (failing.length >= count) return failing;
  // An early `return None` fails any test expecting a value; check it like the rest.
  const fallback = `    return None\n${body}`;
  if (!failing.includes(fallback) && (await failsTests(fallback, code, sandbox))) failing.push(fallback);
  return failing.length > 0 ? failing : [fallback];
}

/**
 * A mutant counts only when the tests reject it quickly (an assertion or an exception). Mutants
 * that loop forever are dropped: a model's wrong code rarely hangs, and each one would cost a
 * full grading timeout. "Quickly" is 1 s of CPU, not of wall time: the sim's answers must not
 * depend on how loaded the machine is (the wall timeout is only a safety net).
 */
async function failsTests(body: string, code: CodeUnderTest, sandbox: Sandbox): Promise<boolean> {
  const program = `${code.prompt}${body}\n\n${code.test}\n\ncheck(${code.entryPoint})\n`;
  const result = await sandbox.run({ code: program, cpuSeconds: 1, timeoutMs: 120_000 });
  return result.status === 'error';
}
