import type { ChatModel } from '../llm/chat-model.ts';
import type { ModelPrice } from '../llm/pricing.ts';
import type { Sandbox } from '../sandbox/sandbox.ts';
import type { BackendOptions } from './backend-options.ts';

/** What a provider's preflight learned about its server, handed back to its `create`. */
export interface BackendProbe {
  /**
   * The server is a lamas sim-server (its /models says `owned_by: "lamas-sim"`): the backend sends
   * it the sim's request metadata (`lamas_meta`, which a real server would reject or ignore) and
   * summaries say `simulated: true`.
   */
  lamasSim: boolean;
}

/** Everything `create` may read besides the model name. */
export interface ProviderContext {
  /** The command's backend flags (seed, sim time, base URL, request timeout...). */
  options: BackendOptions;
  /** The command's sandbox pool (the sim checks its wrong code with it). */
  sandbox: Sandbox;
  /** What `preflight` returned, when the command ran it. */
  probe?: BackendProbe;
}

/** A built model plus what else determines its answers (see `KeyPolicy.scope`). */
export interface ProviderModel {
  model: ChatModel;
  /**
   * Goes into every cache key with the provider and model name: whatever else changes the
   * answers (the sim's seed and profile version, the server URL behind a model name).
   */
  scope: string;
  /** Fields the backend adds to every summary of a run it answered (replay: where its answers came from). */
  summary?: () => Record<string, unknown>;
  /**
   * Its time per completion token (ms), when the provider models it (sim profile, replay table):
   * in a several-model run, a node's tokens weigh on the token proxy by this relative to the first
   * model's (DESIGN §11). Unset (a real server: unknown), its tokens weigh 1.
   */
  msPerToken?: number;
}

/**
 * One backend `--llm name:model` can name. Everything provider-specific lives behind this: no
 * core file switches on a provider's name. A new provider is its own folder plus one line in
 * `providers.ts`; the model it builds reports its capabilities itself (`simulated`,
 * `virtualTime`, `answersFromMeta` on ChatModel).
 */
export interface Provider {
  /** The part of `--llm` before the colon, and the `provider` of every model it builds. */
  readonly name: string;
  /** How `--llm` errors show it: `sim:<profile>`. */
  readonly usage: string;
  /** Every answer it gives is simulated; summaries made before any call (serve) say so. */
  readonly simulated: boolean;
  /** The response cache is on when neither `--cache PATH` nor `--no-cache` is given. */
  readonly cacheByDefault: boolean;
  /** `--seed` changes its answers and is part of its cache scope (the sim); unset: it does not. */
  readonly seeded?: boolean;
  /** It reads --base-url (openai): a `--models` entry may then give its own server, `name=openai:model@URL`. */
  readonly takesBaseUrl?: boolean;
  /** USD per 1M tokens of its models, over the built-in list prices; `--prices FILE` overrides both. */
  readonly prices?: Readonly<Record<string, ModelPrice>>;
  /** Refuses a model name while the flags are parsed (exit 2 naming --llm): the reason, or undefined when fine. */
  checkModel?(model: string): string | undefined;
  /** One cheap check before a command pays for or writes anything; throws the command's error. */
  preflight?(model: string, options: BackendOptions, env: NodeJS.ProcessEnv): Promise<BackendProbe>;
  /**
   * Refuses a topology before anything runs when the model cannot answer one of its operators on
   * the task (replay: a role with no recording); throws a UsageError naming what is covered.
   */
  checkOperators?(model: string, task: string, operators: readonly string[]): void;
  /** Builds the model `--llm name:model` names, before the cache and limit layers. */
  create(model: string, context: ProviderContext): ProviderModel;
}
