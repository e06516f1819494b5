import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import * as commandOptions from './command-options.ts';
import { commands } from './commands.ts';
import { flagTable } from './flag-table.ts';
import { defaultOf, flagSpecs } from './flags.ts';
import { parseOptions } from './parse-options.ts';

/** Issue 13, "configuration declared once": every flag, its help and printed default come from the options schema. */

/** The flags each command had when they were written out by hand (commit 50e65ca), plus --rules/--entropy/--entropy-end/--credit-baseline (issue 14), --replay-dir and `replay` (issue 15), --models (issue 16), sweep's --queue/--attempts and `worker`, eval's --queue/--shards/--attempts (issue 19); none may go missing or change name. */
const flagsBefore: Record<string, string> = {
  run: '--aggregator --base-url --cache --concurrency --data --final --json --k --limit --llm --max-attempts --max-cost --max-failure-share --mode --models --no-cache --out --overwrite --planning --prices --public-tests --queries-in-flight --replay-dir --request-timeout --scheduler --seed --sim-scale --sim-time --split --strategy --task --teams --tokens-per-minute --topology',
  train: '--architecture --base-url --batch-size --cache --checkpoint-every --concurrency --credit-baseline --data --depth --encoder --entropy --entropy-end --epochs --greedy --hidden --json --lambda-c --lambda-t --layers --learning-rate --limit --llm --max-cost --max-failure-share --models --no-cache --no-cp-credit --no-eval --out --overwrite --prices --public-tests --queries-in-flight --replay-dir --request-timeout --resume --rules --seed --sim-scale --sim-time --split --task --test-data --test-split --threshold --tokens-per-minute',
  eval: '--attempts --base-url --cache --checkpoint --concurrency --data --greedy --json --limit --llm --max-cost --max-failure-share --models --no-cache --out --overwrite --prices --public-tests --queries-in-flight --queue --replay-dir --request-timeout --seed --shards --sim-scale --sim-time --split --task --tokens-per-minute',
  sweep: '--architecture --attempts --base-url --baselines --batch-size --cache --checkpoint-every --concurrency --credit-baseline --data --depth --encoder --entropy --entropy-end --epochs --greedy --hidden --json --lambda-c --lambda-t --layers --learning-rate --limit --llm --max-cost --max-failure-share --models --no-cache --no-cp-credit --out --overwrite --png --prices --queries-in-flight --queue --replay-dir --request-timeout --rules --seed --seeds --sim-scale --sim-time --split --task --test-data --test-split --threshold --tokens-per-minute',
  topology: '--checkpoint --json --mermaid --query --sample',
  worker: '--cache --concurrency --no-cache --queue --stall-seconds',
  demo: '--base-url --cache --concurrency --epochs --json --llm --max-cost --max-failure-share --models --no-cache --out --overwrite --png --prices --replay-dir --request-timeout --seed --sim-scale --sim-time --task --tokens-per-minute',
  grade: '--concurrency --data --json --out --predictions --task --timeout',
  data: '--dest --json --mirror',
  replay: '--json --replay-dir',
  'sim-server': '--host --port --profile --seed --sim-scale --sim-time',
  serve: '--base-url --body-limit --cache --checkpoint --concurrency --drain-timeout --host --json --llm --max-concurrent --max-cost --max-failure-share --max-query-chars --models --no-cache --port --prices --replay-dir --request-timeout --seed --sim-scale --sim-time --token --tokens-per-minute --trace --workers',
};

const specsOf = (name: string) => flagSpecs(commands.find((command) => command.name === name)!.flags(commandOptions));

describe('flags generated from the options schemas', () => {
  it('every command keeps exactly the flags it had', () => {
    expect(commands.map((command) => command.name).sort()).toEqual(Object.keys(flagsBefore).sort());
    for (const [name, flags] of Object.entries(flagsBefore)) {
      const generated = specsOf(name).map((spec) => spec.raw.split(' ')[0]!);
      expect(generated.sort(), name).toEqual(flags.split(' '));
    }
  });

  it('the table the build writes for the compiled CLI holds the same flags (JSON)', async () => {
    const table = JSON.parse(JSON.stringify(await flagTable(commands)));
    expect(table).toEqual(Object.fromEntries(commands.map((command) => [command.name, specsOf(command.name)])));
  });

  it('help prints the default the schema applies', () => {
    for (const command of commands) {
      const { schema, positional = [] } = command.flags(commandOptions);
      const specs = flagSpecs(command.flags(commandOptions));
      for (const [key, field] of Object.entries(schema.shape) as [string, z.ZodType][]) {
        const fallback = defaultOf(field);
        if (positional.includes(key) || fallback === undefined || typeof fallback === 'boolean') continue;
        const flag = `--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
        const spec = specs.find((candidate) => candidate.raw.split(' ')[0] === flag)!;
        const parsed = (schema.safeParse({}).data as Record<string, unknown> | undefined)?.[key];
        expect(spec.help, `${command.name} ${flag}`).toContain(`(default: ${Array.isArray(fallback) ? fallback.join(',') : String(fallback)})`);
        if (parsed !== undefined) expect(parsed, `${command.name} ${flag}`).toEqual(fallback);
      }
    }
    const train = specsOf('train');
    expect(train.find((spec) => spec.raw === '--epochs <k>')?.help).toBe('passes over the training split (default: 4)');
    expect(specsOf('demo').find((spec) => spec.raw === '--epochs <k>')?.help).toBe('training passes (default: 2)');
    expect(specsOf('sweep').find((spec) => spec.raw === '--lambda-t <list>')?.help).toContain('(default: 0,0.001,0.005,0.02)');
  });

  it('a boolean that defaults to true is its --no- flag; a value flag may add one; a field without help is refused', () => {
    const specs = flagSpecs({
      schema: z.object({
        cpCredit: z.boolean().default(true).describe('no credit'),
        json: z.boolean().default(false).describe('JSON'),
        cache: z.string().optional().meta({ description: 'cache file', arg: '[path]', negation: 'no cache' }),
        queriesInFlight: z.coerce.number().default(4).meta({ description: 'at once', arg: 'n' }),
        base: z.string().optional().meta({ description: 'server', arg: 'url', defaultText: '$OPENAI_BASE_URL' }),
        name: z.string(),
      }),
      positional: ['name'],
    });
    expect(specs).toEqual([
      { raw: '--no-cp-credit', help: 'no credit' },
      { raw: '--json', help: 'JSON' },
      { raw: '--cache [path]', help: 'cache file' },
      { raw: '--no-cache', help: 'no cache' },
      { raw: '--queries-in-flight <n>', help: 'at once (default: 4)' },
      { raw: '--base <url>', help: 'server (default: $OPENAI_BASE_URL)' },
    ]);
    expect(() => flagSpecs({ schema: z.object({ forgotten: z.string() }) })).toThrow('option "forgotten" has no help');
  });

  it('the command modules validate with the same schemas, --llm checked against the provider registry', async () => {
    const { runOptionsSchema } = await import('./commands/run.ts');
    expect(Object.keys(runOptionsSchema.shape)).toEqual(Object.keys(commandOptions.runFlags.shape));
    expect(parseOptions(runOptionsSchema, { task: 'gsm8k' })).toEqual(commandOptions.runFlags.parse({ task: 'gsm8k' }));
    expect(commandOptions.runFlags.safeParse({ task: 'gsm8k', llm: 'nope:x' }).success).toBe(true);
    expect(() => parseOptions(runOptionsSchema, { task: 'gsm8k', llm: 'nope:x' })).toThrow(/^--llm: unknown provider "nope"/);
  });
});
