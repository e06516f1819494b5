import { z } from 'zod';
import { metricsSnapshotSchema } from './metrics.ts';

/**
 * What `lamas serve --workers N` processes say to each other over the cluster IPC channel.
 * Every message carries `lamas: 'serve'`, so anything else on the channel is ignored, and is
 * parsed with these schemas on arrival like any other input.
 */
const tag = { lamas: z.literal('serve') };


export const workerMessageSchema = z.discriminatedUnion('type', [
  /** Listening: the primary prints the banner once every worker has said this. */
  z.object({ ...tag, type: z.literal('ready'), url: z.string(), model: z.string() }),
  /** A /metrics request arrived: gather every worker's snapshot under this id. */
  z.object({ ...tag, type: z.literal('metrics-request'), id: z.number() }),
  z.object({ ...tag, type: z.literal('metrics-snapshot'), id: z.number(), snapshot: metricsSnapshotSchema }),
  /** Stopped: its final metrics, for the summary and so /metrics keeps counting them. */
  z.object({ ...tag, type: z.literal('stopped'), snapshot: metricsSnapshotSchema }),
]);
export type WorkerMessage = z.infer<typeof workerMessageSchema>;

export const primaryMessageSchema = z.discriminatedUnion('type', [
  z.object({ ...tag, type: z.literal('metrics-snapshot-request'), id: z.number() }),
  z.object({ ...tag, type: z.literal('metrics-snapshots'), id: z.number(), snapshots: z.array(metricsSnapshotSchema) }),
  /** Stop accepting, finish in-flight requests, exit (a repeat changes nothing). */
  z.object({ ...tag, type: z.literal('drain') }),
  /** Cancel in-flight queries' LLM calls (a second signal reached the primary). */
  z.object({ ...tag, type: z.literal('abort') }),
]);
export type PrimaryMessage = z.infer<typeof primaryMessageSchema>;

/** Distributive, so each message type keeps its own fields. */
type Untagged<T> = T extends unknown ? Omit<T, 'lamas'> : never;

export function workerMessage(message: Untagged<WorkerMessage>): WorkerMessage {
  return { lamas: 'serve', ...message } as WorkerMessage;
}

export function primaryMessage(message: Untagged<PrimaryMessage>): PrimaryMessage {
  return { lamas: 'serve', ...message } as PrimaryMessage;
}

/** The message if it is one of ours and well-formed; anything else on the channel is not for us. */
export function parseMessage<T>(schema: z.ZodType<T>, raw: unknown): T | undefined {
  if (typeof raw !== 'object' || raw === null || (raw as { lamas?: unknown }).lamas !== 'serve') return undefined;
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw new Error(`malformed lamas serve message: ${z.prettifyError(parsed.error)}`);
  return parsed.data;
}
