import type { z } from 'zod';
import { describeReplayModel, renderReplayDescription, type ReplayDescription } from '../../replay/describe-replay.ts';
import { resolveReplayDir } from '../../replay/replay-dir.ts';
import { findReplayModel, replayModels } from '../../replay/replay-models.ts';
import { UsageError } from '../../util/errors.ts';
import { replayDescribeOptionsSchema } from '../command-options.ts';

export { replayDescribeOptionsSchema };
export type ReplayDescribeOptions = z.input<typeof replayDescribeOptionsSchema>;

/** `lamas replay describe <model>`: the roles a replay model covers, its styles and their recorded accuracy. */
export async function replayDescribe(options: z.infer<typeof replayDescribeOptionsSchema>): Promise<ReplayDescription> {
  const model = findReplayModel(options.model);
  if (!model) throw new UsageError(`unknown replay model "${options.model}" (expected one of ${replayModels.map((m) => m.name).join(', ')})`, 'replay describe');
  return describeReplayModel(model, resolveReplayDir(options.replayDir));
}

export { renderReplayDescription };
