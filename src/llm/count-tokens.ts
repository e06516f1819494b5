import { BytePairEncodingCore } from 'gpt-tokenizer/BytePairEncodingCore';
import o200kRanks from 'gpt-tokenizer/bpeRanks/o200k_base';
import { O200K_TOKEN_SPLIT_REGEX } from 'gpt-tokenizer/encodingParams/constants';
import { O200KBase } from 'gpt-tokenizer/encodingParams/o200k_base';
import type { ChatMessage } from './chat-model.ts';

/**
 * The longest string (UTF-16 code units) handed to byte-pair merging. gpt-tokenizer merges one
 * pre-tokenized piece in time quadratic in its length, and a run of one character is a single
 * piece however long it is ('a' x 261000 froze `lamas serve` for 30 s). Pieces longer than this
 * are cut into chunks of at most this length, which makes counting linear in the text's length.
 *
 * What the bound costs in accuracy: nothing for ordinary text, whose pieces are far shorter (the
 * longest in the 21 M characters of this repository and ../shared/data is under 128), so its
 * counts are exactly gpt-tokenizer's. Nothing either for runs of one character (a, b, space, !,
 * newline, 中: the chunked count equals the exact one wherever that is computable). Other pieces
 * longer than this may count up to one token more per cut than the exact merge: +0.15 % for long
 * random lowercase letters, up to +1.3 % for random mixes of spaces and tabs.
 */
export const maxBpeChars = 256;

/** Splits the text into the strings that go through byte-pair merging, in order: o200k's pre-tokenizer pieces, long ones cut at `maxBpeChars`. */
export function splitForBpe(text: string, onPiece: (piece: string) => void): void {
  for (const [piece] of text.matchAll(O200K_TOKEN_SPLIT_REGEX)) {
    if (piece.length <= maxBpeChars) {
      onPiece(piece);
      continue;
    }
    for (let start = 0; start < piece.length; ) {
      let end = Math.min(start + maxBpeChars, piece.length);
      // Never between the halves of a surrogate pair: each half alone would encode as U+FFFD.
      if (end < piece.length && isLowSurrogate(piece.charCodeAt(end)) && isHighSurrogate(piece.charCodeAt(end - 1))) end--;
      onPiece(piece.slice(start, end));
      start = end;
    }
  }
}

/**
 * Tokens of a text with o200k_base, the tokenizer of the gpt-4o family, in time linear in its
 * length. The same count as gpt-tokenizer's `encode(text).length` for any text whose pieces are
 * at most `maxBpeChars` long (see there for longer ones), except that text looking like a
 * special token (`<|endoftext|>`) counts as the plain text it is, as OpenAI counts user
 * content, where `encode` throws.
 */
export function countTokens(text: string): number {
  let tokens = 0;
  splitForBpe(text, (piece) => {
    tokens += countPiece(piece);
  });
  return tokens;
}

/**
 * Prompt tokens of a chat request the way OpenAI bills them: each message's content plus a
 * few tokens of framing per message and for the reply's priming.
 */
export function countPromptTokens(messages: readonly ChatMessage[]): number {
  const perMessage = 3;
  const replyPriming = 3;
  return messages.reduce((sum, message) => sum + perMessage + countTokens(message.content), replyPriming);
}

/** Counts of recent pieces: words repeat, and so do the chunks of a long run. Emptied when full. */
const pieceCounts = new Map<string, number>();
const pieceCountsLimit = 20_000;

/**
 * gpt-tokenizer's byte-pair merger with o200k's ranks, whose own pre-tokenizer takes each piece it
 * is given as one match. Built at import, as gpt-tokenizer builds its encodings: the rank table
 * takes a moment that should fall at start-up, not inside the first request a server answers.
 */
const merger = new BytePairEncodingCore({ ...O200KBase(o200kRanks), tokenSplitRegex: /[^]+/gu });

/** Tokens of one piece, merged as a whole. */
function countPiece(piece: string): number {
  const cached = pieceCounts.get(piece);
  if (cached !== undefined) return cached;
  // No special tokens are allowed, so `<|endoftext|>` in a piece is merged as plain text.
  const tokens = merger.countNative(piece);
  if (pieceCounts.size >= pieceCountsLimit) pieceCounts.clear();
  pieceCounts.set(piece, tokens);
  return tokens;
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}
