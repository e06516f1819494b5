import { z } from 'zod';
import type { ChatResponse, ChatUsage } from '../chat-model.ts';

/** What a response needs to be replayed faithfully (its tokens and latency, not its cost). */
export type CacheableResponse = Pick<ChatResponse, 'texts' | 'usage' | 'model' | 'latencyMs' | 'firstTokenMs'>;

export interface CachedResponse {
  texts: string[];
  usage: ChatUsage;
  model: string;
  latencyMs: number;
  firstTokenMs?: number;
  /** When the entry was first written, epoch milliseconds. */
  createdAt: number;
}

/** One response row as stored, column for column (`texts` is the JSON text of the array). */
export interface StoredResponse {
  model: string;
  texts: string;
  promptTokens: number;
  completionTokens: number;
  cachedTokens: number | null;
  latencyMs: number;
  firstTokenMs: number | null;
  createdAt: number;
}

/**
 * Bounds on what a row may claim. No single call reads or writes 100 M tokens (the largest
 * context windows are ~1-2 M, times a few samples), nor takes a day; anything beyond is damage
 * or an edit, and replaying it would wreck cost and critical-path totals.
 */
const MAX_TOKENS = 100_000_000;
const MAX_DURATION_MS = 24 * 60 * 60 * 1000;

const tokenCount = z.number().int().min(0).max(MAX_TOKENS);
const duration = z.number().min(0).max(MAX_DURATION_MS);

/** Every value a response row is read back with; SQLite's loose typing lets anything into a column. */
export const responseRowSchema = z.object({
  model: z.string(),
  texts: z.string(),
  prompt_tokens: tokenCount,
  completion_tokens: tokenCount,
  cached_tokens: tokenCount.nullable(),
  latency_ms: duration,
  first_token_ms: duration.nullable(),
  created_at: z.number().int().min(0),
  checksum: z.string().nullable(),
});
export const textsSchema = z.array(z.string());

export const embeddingRowSchema = z.object({
  vector: z.instanceof(Uint8Array),
  checksum: z.string().nullable(),
});

/** A response row as SQLite returns it, before it is checked. */
export type ResponseRow = z.input<typeof responseRowSchema>;
/** An embedding row as SQLite returns it, before it is checked. */
export type EmbeddingRow = z.input<typeof embeddingRowSchema>;

/** The parameters of one response INSERT, in column order. */
export type ResponseWrite = [
  key: string,
  model: string,
  texts: string,
  promptTokens: number,
  completionTokens: number,
  cachedTokens: number | null,
  latencyMs: number,
  firstTokenMs: number | null,
  createdAt: number,
  checksum: string,
];
