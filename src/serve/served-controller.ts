import { chooseTopology, type TopologyChoice } from '../controller/choose-topology.ts';
import type { LoadedController } from '../controller/load-controller.ts';
import { candidateLabels } from '../controller/controller-spec.ts';
import { describeChoice, type TopologyDescription } from '../controller/describe-choice.ts';
import type { TaskName } from '../tasks/task.ts';
import { Random } from '../util/random.ts';
import { ApiError } from './api-error.ts';

/**
 * The one trained controller a server serves: loaded once at start, then every request only
 * encodes its text and runs the plain-JS forward pass (no tfjs, no per-request model state).
 */
export class ServedController {
  readonly task: TaskName;
  /** The `model` name OpenAI clients ask for. */
  readonly modelId: string;
  /** The next sampled request's stream number. */
  private sampled: number;

  constructor(
    private readonly loaded: LoadedController,
    /** Seeds the streams of sampled topologies (one per request). */
    private readonly seed: number,
    /**
     * Worker `index` of `count` numbers its requests' streams index, index + count, ...: workers
     * never share a stream, and one worker numbers them 0, 1, 2, ... as a single process does. A
     * replacement for a crashed worker has a higher `generation`, which keys a fresh set.
     */
    private readonly worker = { index: 0, count: 1, generation: 0 },
  ) {
    this.sampled = worker.index;
    this.task = loaded.checkpoint.spec.task;
    this.modelId = `lamas-${this.task}`;
  }

  /** The candidates as topologies name them: `CoT`, or `CoT@big` with several models. */
  get operators(): readonly string[] {
    return candidateLabels(this.loaded.checkpoint.spec);
  }

  /** A 400 when the request names a task other than the checkpoint's. */
  checkTask(task: TaskName | undefined): void {
    if (task !== undefined && task !== this.task) {
      throw new ApiError(400, `task: this server's controller was trained for ${this.task}, not ${task}`, 'invalid_request_error', 'task', 'task_mismatch');
    }
  }

  async choose(query: string, greedy: boolean, signal?: AbortSignal): Promise<TopologyChoice> {
    const [features] = await this.loaded.encoder.encode([query], signal);
    // Sampled requests each get their own stream, so one client's draws never depend on another's.
    const random = greedy ? null : Random.derive(this.seed, 'serve', this.worker.generation, this.nextStream());
    return chooseTopology(this.loaded.model, features!, random);
  }

  private nextStream(): number {
    const stream = this.sampled;
    this.sampled += this.worker.count;
    return stream;
  }

  describe(choice: TopologyChoice, greedy: boolean): TopologyDescription {
    return describeChoice(choice, this.loaded.checkpoint.spec, greedy);
  }

  dispose(): void {
    this.loaded.model.dispose();
  }
}
