import type { z } from 'zod';
import type { ChatUsage } from '../chat-model.ts';
import { embeddingChecksum, responseChecksum } from './row-checksums.ts';
import {
  type CacheableResponse,
  type CachedResponse,
  type EmbeddingRow,
  embeddingRowSchema,
  type ResponseRow,
  responseRowSchema,
  type StoredResponse,
  textsSchema,
} from './stored-rows.ts';

/** A row that verified (`legacy`: written by schema 1, without a checksum), or why it did not. */
export type Checked<T> = { ok: true; value: T; legacy: boolean; checksum: string } | { ok: false; reason: string };

/** Verifies a response row (values, checksum, texts) and turns it into the response it stores. */
export function checkResponse(key: string, raw: ResponseRow): Checked<CachedResponse> {
  const parsed = responseRowSchema.safeParse(raw);
  if (!parsed.success) return { ok: false, reason: `has invalid values (${issuesText(parsed.error)})` };
  const row = parsed.data;
  const checksum = responseChecksum(key, storedOfRow(row));
  if (row.checksum !== null && row.checksum !== checksum) return { ok: false, reason: 'does not match its checksum' };
  const texts = textsSchema.safeParse(parseJson(row.texts));
  if (!texts.success) return { ok: false, reason: 'has texts that are not a JSON array of strings' };
  const usage: ChatUsage = { promptTokens: row.prompt_tokens, completionTokens: row.completion_tokens };
  if (row.cached_tokens !== null) usage.cachedTokens = row.cached_tokens;
  const value: CachedResponse = { texts: texts.data, usage, model: row.model, latencyMs: row.latency_ms, createdAt: row.created_at };
  if (row.first_token_ms !== null) value.firstTokenMs = row.first_token_ms;
  return { ok: true, value, legacy: row.checksum === null, checksum };
}

/** Verifies an embedding row (checksum, length, finite values) and decodes its vector. */
export function checkEmbedding(key: string, raw: EmbeddingRow): Checked<number[]> {
  const parsed = embeddingRowSchema.safeParse(raw);
  if (!parsed.success) return { ok: false, reason: 'is not a vector' };
  const { vector: blob, checksum: stored } = parsed.data;
  const checksum = embeddingChecksum(key, blob);
  if (stored !== null && stored !== checksum) return { ok: false, reason: 'does not match its checksum' };
  if (blob.byteLength % Float64Array.BYTES_PER_ELEMENT !== 0) return { ok: false, reason: 'has a malformed vector' };
  // Copy into an aligned buffer: a Buffer's byteOffset need not be a multiple of 8.
  const aligned = new Uint8Array(blob.byteLength);
  aligned.set(blob);
  const vector = Array.from(new Float64Array(aligned.buffer));
  if (!vector.every(Number.isFinite)) return { ok: false, reason: 'holds a non-finite number' };
  return { ok: true, value: vector, legacy: stored === null, checksum };
}

/** A response ready to be written (its checksum computed), or why it must not be stored: the same checks a read makes. */
export type ResponseToStore = { ok: true; stored: StoredResponse; checksum: string } | { ok: false; reason: string };

/** What both stores (SQLite, Redis) write for a response: one builder, so their rows and checksums cannot drift apart. */
export function responseToStore(key: string, response: CacheableResponse, createdAt: number): ResponseToStore {
  const stored: StoredResponse = {
    model: response.model,
    texts: JSON.stringify(response.texts),
    promptTokens: response.usage.promptTokens,
    completionTokens: response.usage.completionTokens,
    cachedTokens: response.usage.cachedTokens ?? null,
    latencyMs: response.latencyMs,
    firstTokenMs: response.firstTokenMs ?? null,
    createdAt,
  };
  const parsed = responseRowSchema.safeParse(rowOfStored(stored, null));
  if (!parsed.success) return { ok: false, reason: `invalid usage or latency (${issuesText(parsed.error)})` };
  return { ok: true, stored, checksum: responseChecksum(key, stored) };
}

/** An embedding ready to be written, or why it must not be stored. */
export type EmbeddingToStore = { ok: true; blob: Buffer; checksum: string } | { ok: false; reason: string };

export function embeddingToStore(key: string, vector: readonly number[]): EmbeddingToStore {
  if (!vector.every(Number.isFinite)) return { ok: false, reason: 'it holds a non-finite number' };
  const blob = Buffer.from(Float64Array.from(vector).buffer);
  return { ok: true, blob, checksum: embeddingChecksum(key, blob) };
}

/** A stored response as its row, column for column. */
export function rowOfStored(stored: StoredResponse, checksum: string | null): ResponseRow {
  return {
    model: stored.model,
    texts: stored.texts,
    prompt_tokens: stored.promptTokens,
    completion_tokens: stored.completionTokens,
    cached_tokens: stored.cachedTokens,
    latency_ms: stored.latencyMs,
    first_token_ms: stored.firstTokenMs,
    created_at: stored.createdAt,
    checksum,
  };
}

function storedOfRow(row: z.output<typeof responseRowSchema>): StoredResponse {
  return {
    model: row.model,
    texts: row.texts,
    promptTokens: row.prompt_tokens,
    completionTokens: row.completion_tokens,
    cachedTokens: row.cached_tokens,
    latencyMs: row.latency_ms,
    firstTokenMs: row.first_token_ms,
    createdAt: row.created_at,
  };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function issuesText(error: z.ZodError): string {
  return error.issues.map((issue) => `${issue.path.join('.') || 'row'}: ${issue.message}`).join('; ');
}
