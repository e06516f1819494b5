import type { OperatorRuntime } from '../src/graph/operator-runtime.ts';
import type { OperatorRole, RequestMeta } from '../src/llm/chat-model.ts';
import type { Problem, Task } from '../src/tasks/task.ts';
import type { Solution } from './answers.ts';
import type { OperatorName } from './operator-names.ts';
import type { TaskPrompts } from './prompts/index.ts';

export interface OperatorContext {
  task: Task;
  problem: Problem;
  /** Solutions of the previous layer (or of the latest earlier layer that produced any). */
  inputs: readonly Solution[];
  runtime: OperatorRuntime;
  prompts: TaskPrompts;
  /** This node's id, recorded as each solution's source. */
  nodeId: string;
  /** First sample index of this node: separate calls stay separate samples (and cache entries). */
  sampleBase: number;
  /** The sim's typed hints for a call of this role; real backends ignore them. */
  meta(role: OperatorRole, extra?: Partial<RequestMeta>): RequestMeta;
}

export interface Operator {
  name: OperatorName;
  /** One line, used to embed the operator for the controller. */
  description: string;
  run(context: OperatorContext): Promise<Solution[]>;
}

/** Sampling temperature for generating operators; selection and repair calls use 0. */
export const samplingTemperature = 0.7;
